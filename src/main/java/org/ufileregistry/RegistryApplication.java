package org.ufileregistry;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The registry's HTTP API lives at the root: clients insist on {@code /v2/} there. */
@ApplicationPath("/")
public class RegistryApplication extends Application {}
