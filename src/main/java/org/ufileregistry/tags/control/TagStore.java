package org.ufileregistry.tags.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.ufileregistry.blobs.entity.Descriptor;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.repositories.control.Repositories;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.repositories.entity.Tag;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePaths;
import org.ufileregistry.storage.entity.PathNotFoundException;

/** Tags of a repository: each one a link holding the descriptor of the manifest it points at. */
@ApplicationScoped
public class TagStore {

  private final StorageDriver driver;
  private final Repositories repositories;

  @Inject
  public TagStore(StorageDriver driver, Repositories repositories) {
    this.driver = driver;
    this.repositories = repositories;
  }

  /** For the CDI client proxy only. */
  protected TagStore() {
    this.driver = null;
    this.repositories = null;
  }

  public void tag(RepositoryName repo, Tag tag, Descriptor manifest) {
    driver.putContent(StoragePaths.tagLink(repo, tag), manifest.toBytes());
  }

  /** The descriptor the tag points at; throws PathNotFoundException when there is no such tag. */
  public Descriptor resolve(RepositoryName repo, Tag tag) {
    return Descriptor.fromBytes(driver.getContent(StoragePaths.tagLink(repo, tag)));
  }

  /** Removes a tag; false when it did not exist. */
  public boolean untag(RepositoryName repo, Tag tag) {
    try {
      driver.delete(StoragePaths.tagDir(repo, tag));
      return true;
    } catch (PathNotFoundException e) {
      return false;
    }
  }

  /** All tags in lexical order; NAME_UNKNOWN for a repository that does not exist. */
  public List<String> list(RepositoryName repo) {
    if (!repositories.exists(repo)) {
      throw ErrorCode.NAME_UNKNOWN.with(repo.value());
    }
    return listQuietly(repo);
  }

  public List<Tag> pointingAt(RepositoryName repo, Digest digest) {
    List<Tag> result = new ArrayList<>();
    for (String name : listQuietly(repo)) {
      Tag tag = new Tag(name);
      try {
        if (resolve(repo, tag).digest().equals(digest)) {
          result.add(tag);
        }
      } catch (PathNotFoundException deletedMeanwhile) {
        // nothing to untag
      }
    }
    return result;
  }

  private List<String> listQuietly(RepositoryName repo) {
    try {
      return driver.list(StoragePaths.tagsDir(repo)).stream()
          .map(p -> p.substring(p.lastIndexOf('/') + 1))
          .toList();
    } catch (PathNotFoundException noTags) {
      return List.of();
    }
  }
}
