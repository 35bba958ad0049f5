package org.ufileregistry.conformance;

// Ports conformance/00_conformance_suite_test.go (opencontainers/distribution-spec @ 81bb239).

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OCI distribution-spec conformance suite against the deployed WAR: one JUnit test per Go
 * spec, all four workflows in Go's order (pull, push, content discovery, content management).
 *
 * <p>Each workflow lives in its own abstract class porting one Go file, and they are stacked by
 * inheritance so that JUnit sees a single class: one deployment, one method order across all
 * workflows (the {@code @Order} ranges 100..499), and state shared between workflows as Go's
 * single process shares it, e.g. the tags a workflow leaves behind count in the next one.
 * A failing spec does not stop the ones after it, as in Ginkgo.
 */
@DisplayName("OCI Distribution Conformance Tests")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConformanceIT extends ManagementSpecs {}
