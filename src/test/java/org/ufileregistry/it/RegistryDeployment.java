package org.ufileregistry.it;

import java.io.File;
import java.net.URI;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every integration test: deploys the WAR that the build produced, unchanged, into the
 * server Arquillian manages, so what is tested is exactly what operators deploy. Tests talk to it
 * over HTTP as a client would ({@code testable = false}).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class RegistryDeployment {

  @Deployment(testable = false)
  public static WebArchive registryWar() {
    File war = new File(System.getProperty("registry.war", "target/ufile-registry.war"));
    return ShrinkWrap.create(ZipImporter.class, "ufile-registry.war").importFrom(war).as(WebArchive.class);
  }

  /** The registry's root URL, e.g. {@code http://127.0.0.1:15000/}. */
  protected static URI registry() {
    return URI.create("http://127.0.0.1:" + System.getProperty("it.http.port", "15000") + "/");
  }

  /** host:port as docker, skopeo and friends expect it in an image reference. */
  protected static String registryHost() {
    return "127.0.0.1:" + System.getProperty("it.http.port", "15000");
  }

  /** The directory the filesystem driver of the server under test writes to. */
  protected static File storageRoot() {
    return new File(System.getProperty("it.storage.root", "target/it-storage"));
  }
}
