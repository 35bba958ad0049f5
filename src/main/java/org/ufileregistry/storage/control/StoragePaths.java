package org.ufileregistry.storage.control;

import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.repositories.entity.Tag;

/**
 * The only place that builds storage paths. The whole layout, below the driver's root:
 *
 * <pre>
 * /v2
 *   blobs/&lt;alg&gt;/&lt;hex[0:2]&gt;/&lt;hex&gt;/data           content of every blob and manifest, by digest;
 *                                                 written only by an atomic move of verified bytes
 *   repositories/&lt;name&gt;/                          one directory per repository (name may hold "/")
 *     _layers/&lt;alg&gt;/&lt;hex&gt;/link                    the repository may serve this blob
 *     _manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/link      a manifest of the repository (descriptor JSON)
 *     _manifests/tags/&lt;tag&gt;/current/link          the manifest a tag points at (descriptor JSON)
 *     _referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;/&lt;hex&gt;/link
 *                                                 a manifest whose subject is the first digest
 *                                                 (descriptor JSON with artifactType, annotations)
 *     _uploads/&lt;uuid&gt;/startedat                   an upload session exists (ISO-8601 start time)
 *     _uploads/&lt;uuid&gt;/data                        bytes received so far
 *     _uploads/&lt;uuid&gt;/hashstates/&lt;alg&gt;/&lt;offset&gt; digest of data[0, offset), recorded after each chunk
 * </pre>
 *
 * <p>Repository names and tags cannot start with "_", so the "_" directories never collide with
 * a nested repository or a tag. Upload state lives here, not in memory or HTTP sessions, so any
 * instance sharing the storage can continue any upload.
 */
public final class StoragePaths {
  static final String ROOT = "/v2";
  private static final String REPOSITORIES = ROOT + "/repositories";

  private StoragePaths() {}

  public static String blobData(Digest digest) {
    return ROOT + "/blobs/" + digest.algorithm() + "/" + digest.hex().substring(0, 2) + "/"
        + digest.hex() + "/data";
  }

  public static String repositories() {
    return REPOSITORIES;
  }

  public static String repository(RepositoryName name) {
    return REPOSITORIES + "/" + name.value();
  }

  /** Inverse of {@link #repository}: the name of the repository at a storage path. */
  public static String repositoryName(String repositoryPath) {
    return repositoryPath.substring(REPOSITORIES.length() + 1);
  }

  /** True for a repository's internal directories, which a catalog walk must not descend into. */
  public static boolean isRepositoryInternal(String path) {
    return path.substring(path.lastIndexOf('/') + 1).startsWith("_");
  }

  /** True for the entries whose presence makes a directory a repository. */
  public static boolean isRepositoryMarker(String path) {
    return path.endsWith("/_manifests") || path.endsWith("/_layers");
  }

  public static String manifestsDir(RepositoryName name) {
    return repository(name) + "/_manifests";
  }

  public static String layersDir(RepositoryName name) {
    return repository(name) + "/_layers";
  }

  public static String layerDir(RepositoryName name, Digest digest) {
    return layersDir(name) + "/" + digest.algorithm() + "/" + digest.hex();
  }

  public static String layerLink(RepositoryName name, Digest digest) {
    return layerDir(name, digest) + "/link";
  }

  public static String revisionDir(RepositoryName name, Digest digest) {
    return manifestsDir(name) + "/revisions/" + digest.algorithm() + "/" + digest.hex();
  }

  public static String revisionLink(RepositoryName name, Digest digest) {
    return revisionDir(name, digest) + "/link";
  }

  public static String tagsDir(RepositoryName name) {
    return manifestsDir(name) + "/tags";
  }

  public static String tagDir(RepositoryName name, Tag tag) {
    return tagsDir(name) + "/" + tag.value();
  }

  public static String tagLink(RepositoryName name, Tag tag) {
    return tagDir(name, tag) + "/current/link";
  }

  public static String referrersDir(RepositoryName name, Digest subject) {
    return repository(name) + "/_referrers/" + subject.algorithm() + "/" + subject.hex();
  }

  public static String referrerDir(RepositoryName name, Digest subject, Digest referrer) {
    return referrersDir(name, subject) + "/" + referrer.algorithm() + "/" + referrer.hex();
  }

  public static String referrerLink(RepositoryName name, Digest subject, Digest referrer) {
    return referrerDir(name, subject, referrer) + "/link";
  }

  public static String uploadDir(RepositoryName name, String uuid) {
    return repository(name) + "/_uploads/" + uuid;
  }

  public static String uploadStartedAt(RepositoryName name, String uuid) {
    return uploadDir(name, uuid) + "/startedat";
  }

  public static String uploadData(RepositoryName name, String uuid) {
    return uploadDir(name, uuid) + "/data";
  }

  public static String uploadHashState(RepositoryName name, String uuid, String algorithm, long offset) {
    return uploadDir(name, uuid) + "/hashstates/" + algorithm + "/" + offset;
  }
}
