package org.ufileregistry.it.liberty;

import io.openliberty.arquillian.managed.WLPManagedContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Replaces the Liberty adapter's container with {@link ConfiguredAppContainer}. */
public class ConfiguredAppExtension implements LoadableExtension {
  @Override
  public void register(ExtensionBuilder builder) {
    builder.override(DeployableContainer.class, WLPManagedContainer.class, ConfiguredAppContainer.class);
  }
}
