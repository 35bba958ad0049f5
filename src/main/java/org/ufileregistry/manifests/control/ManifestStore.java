package org.ufileregistry.manifests.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.ufileregistry.base.control.SideBySide;
import org.ufileregistry.blobs.control.BlobStore;
import org.ufileregistry.blobs.entity.Descriptor;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.errors.entity.RegistryException;
import org.ufileregistry.manifests.entity.Manifest;
import org.ufileregistry.manifests.entity.MediaTypes;
import org.ufileregistry.manifests.entity.Reference;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.repositories.entity.Tag;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePaths;
import org.ufileregistry.storage.entity.PathNotFoundException;
import org.ufileregistry.tags.control.TagStore;

/**
 * Manifests of a repository: content stored once by digest, a revision link per repository, tag
 * links pointing at revisions, and referrer links from a subject to the manifests that name it.
 * Links hold the manifest's descriptor, so HEAD and tag resolution need one small read.
 */
@ApplicationScoped
public class ManifestStore {
  /** The spec's suggested minimum; larger manifests get 413. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private final StorageDriver driver;
  private final BlobStore blobs;
  private final TagStore tags;
  private final SideBySide sideBySide;

  @Inject
  public ManifestStore(StorageDriver driver, BlobStore blobs, TagStore tags, SideBySide sideBySide) {
    this.driver = driver;
    this.blobs = blobs;
    this.tags = tags;
    this.sideBySide = sideBySide;
  }

  /** For the CDI client proxy only. */
  protected ManifestStore() {
    this.driver = null;
    this.blobs = null;
    this.tags = null;
    this.sideBySide = null;
  }

  /** The outcome of a push: the manifest's digest and, if it has one, its subject's. */
  public record Pushed(Digest digest, Digest subject) {}

  public Pushed put(RepositoryName repo, Reference reference, byte[] content, String contentType) {
    if (content.length > MAX_MANIFEST_BYTES) {
      throw ErrorCode.MANIFEST_TOO_LARGE.with(
          "manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
    }
    String algorithm = reference.isDigest() ? reference.digest().algorithm() : Digest.SHA_256;
    Digest digest = Digest.of(algorithm, Digest.newMessageDigest(algorithm).digest(content));
    if (reference.isDigest() && !reference.digest().equals(digest)) {
      throw ErrorCode.DIGEST_INVALID.with(
          "manifest content has digest " + digest + ", not " + reference.digest());
    }
    Manifest manifest = ManifestParser.parse(content, digest, contentType);
    // Every reference is checked at once: an image of n layers would otherwise wait 2n round
    // trips on object storage.
    List<Runnable> checks = new ArrayList<>();
    for (Descriptor blob : manifest.blobs()) {
      checks.add(() -> {
        if (!blobs.linked(repo, blob.digest()) || blobs.size(blob.digest()) < 0) {
          throw ErrorCode.MANIFEST_BLOB_UNKNOWN.with("blob unknown to repository: " + blob.digest());
        }
      });
    }
    for (Descriptor child : manifest.children()) {
      checks.add(() -> {
        if (!exists(repo, child.digest())) {
          throw ErrorCode.MANIFEST_BLOB_UNKNOWN.with("manifest unknown to repository: " + child.digest());
        }
      });
    }
    sideBySide.run(checks.toArray(Runnable[]::new));

    blobs.putContent(digest, content);
    Descriptor descriptor = manifest.descriptor();
    driver.putContent(StoragePaths.revisionLink(repo, digest), descriptor.toBytes());
    if (manifest.subject() != null) {
      driver.putContent(
          StoragePaths.referrerLink(repo, manifest.subject().digest(), digest), descriptor.toBytes());
    }
    if (!reference.isDigest()) {
      tags.tag(repo, reference.tag(), descriptor);
    }
    return new Pushed(digest, manifest.subject() == null ? null : manifest.subject().digest());
  }

  /** The stored descriptor of a manifest, by tag or digest; MANIFEST_UNKNOWN otherwise. */
  public Descriptor describe(RepositoryName repo, Reference reference) {
    try {
      if (reference.isDigest()) {
        return Descriptor.fromBytes(
            driver.getContent(StoragePaths.revisionLink(repo, reference.digest())));
      }
      return tags.resolve(repo, reference.tag());
    } catch (PathNotFoundException e) {
      throw ErrorCode.MANIFEST_UNKNOWN.with(reference + " in " + repo);
    }
  }

  public byte[] content(Descriptor descriptor) {
    try {
      return blobs.getContent(descriptor.digest());
    } catch (RegistryException e) {
      throw ErrorCode.MANIFEST_UNKNOWN.with(descriptor.digest().toString());
    }
  }

  public boolean exists(RepositoryName repo, Digest digest) {
    return driver.exists(StoragePaths.revisionLink(repo, digest));
  }

  /**
   * Deleting by tag removes only the tag. Deleting by digest removes the manifest from the
   * repository with every tag that points at it and its entry in its subject's referrers.
   */
  public void delete(RepositoryName repo, Reference reference) {
    if (!reference.isDigest()) {
      if (!tags.untag(repo, reference.tag())) {
        throw ErrorCode.MANIFEST_UNKNOWN.with(reference + " in " + repo);
      }
      return;
    }
    Digest digest = reference.digest();
    Descriptor descriptor = describe(repo, reference);
    for (Tag tag : tags.pointingAt(repo, digest)) {
      tags.untag(repo, tag);
    }
    Digest subject = subjectOf(descriptor);
    if (subject != null) {
      deleteQuietly(StoragePaths.referrerDir(repo, subject, digest));
    }
    deleteQuietly(StoragePaths.revisionDir(repo, digest));
  }

  /** The manifests whose subject is {@code subject}, optionally of one artifact type. */
  public List<Descriptor> referrers(RepositoryName repo, Digest subject, String artifactType) {
    String dir = StoragePaths.referrersDir(repo, subject);
    ArrayList<Descriptor> result = new ArrayList<>();
    try {
      driver.walk(
          dir,
          entry -> {
            if (!entry.directory() && entry.path().endsWith("/link")) {
              try {
                Descriptor d = Descriptor.fromBytes(driver.getContent(entry.path()));
                if (artifactType == null || artifactType.equals(d.artifactType())) {
                  result.add(d);
                }
              } catch (PathNotFoundException deletedMeanwhile) {
                // skip it
              }
            }
            return StorageDriver.Walk.CONTINUE;
          });
    } catch (PathNotFoundException none) {
      return List.of();
    }
    return result;
  }

  private Digest subjectOf(Descriptor descriptor) {
    if (!MediaTypes.isSupported(descriptor.mediaType())) {
      return null;
    }
    try {
      Manifest m = ManifestParser.parse(content(descriptor), descriptor.digest(), descriptor.mediaType());
      return m.subject() == null ? null : m.subject().digest();
    } catch (RegistryException unreadable) {
      return null;
    }
  }

  private void deleteQuietly(String path) {
    try {
      driver.delete(path);
    } catch (PathNotFoundException alreadyGone) {
      // a concurrent delete did it
    }
  }
}
