package org.ufileregistry.storage.control;

import java.util.regex.Pattern;
import org.ufileregistry.storage.entity.InvalidPathException;

/** The storage path grammar shared by every driver, so no driver can be tricked out of its root. */
public final class StoragePathSyntax {
  private static final Pattern PATH = Pattern.compile("^(/[A-Za-z0-9._-]+)+$");

  private StoragePathSyntax() {}

  /** Accepts "/" and well-formed paths; throws {@link InvalidPathException} otherwise. */
  public static String check(String path) {
    if ("/".equals(path)) {
      return path;
    }
    if (path == null || !PATH.matcher(path).matches()) {
      throw new InvalidPathException(String.valueOf(path));
    }
    for (String segment : path.substring(1).split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidPathException(path);
      }
    }
    return path;
  }

  /** Like {@link #check} but refuses "/", which can never be a file. */
  public static String checkFile(String path) {
    if ("/".equals(path)) {
      throw new InvalidPathException(path);
    }
    return check(path);
  }

  /** Path of {@code child} below {@code parent} ("/" aware). */
  public static String join(String parent, String child) {
    return "/".equals(parent) ? "/" + child : parent + "/" + child;
  }
}
