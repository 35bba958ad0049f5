package org.ufileregistry.repositories.control;

import java.util.function.Predicate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StorageDriver.Walk;
import org.ufileregistry.storage.control.StoragePaths;
import org.ufileregistry.storage.entity.PathNotFoundException;

/** Which repositories exist: the catalog and the search behind {@code docker search}. */
@ApplicationScoped
public class Repositories {

  private final StorageDriver driver;

  @Inject
  public Repositories(StorageDriver driver) {
    this.driver = driver;
  }

  /** For the CDI client proxy only. */
  protected Repositories() {
    this.driver = null;
  }

  /** A repository exists once something was pushed to it (a blob link or a manifest). */
  public boolean exists(RepositoryName repo) {
    return driver.exists(StoragePaths.manifestsDir(repo)) || driver.exists(StoragePaths.layersDir(repo));
  }

  /**
   * Names of all repositories in lexical order, after {@code last} (exclusive) when given, at
   * most {@code limit} of them plus one so that the caller can tell whether more follow.
   */
  public List<String> list(String last, int limit) {
    List<String> names = new ArrayList<>();
    try {
      driver.walk(
          StoragePaths.repositories(),
          entry -> {
            if (!entry.directory() || StoragePaths.isRepositoryInternal(entry.path())) {
              return Walk.SKIP_DIR;
            }
            String name = StoragePaths.repositoryName(entry.path());
            if (isRepository(entry.path()) && (last == null || name.compareTo(last) > 0)) {
              names.add(name);
            }
            return Walk.CONTINUE;
          });
    } catch (PathNotFoundException empty) {
      return List.of();
    }
    // A walk is lexical per path segment ("a/b" before "a-b") while the API orders whole names,
    // so the walk cannot stop early at the limit.
    names.sort(null);
    return names.size() > limit ? List.copyOf(names.subList(0, limit + 1)) : names;
  }

  /** Repositories whose name contains the query, case-insensitively. */
  public List<String> search(String query, int limit, Predicate<String> visible) {
    String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
    return list(null, Integer.MAX_VALUE - 1).stream()
        .filter(n -> n.contains(q))
        .filter(visible)
        .limit(limit)
        .toList();
  }

  private boolean isRepository(String path) {
    try {
      return driver.list(path).stream().anyMatch(StoragePaths::isRepositoryMarker);
    } catch (PathNotFoundException deletedMeanwhile) {
      return false;
    }
  }
}
