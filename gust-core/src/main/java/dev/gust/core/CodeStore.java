package dev.gust.core;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Content-addressed storage of code packages. A package is validated (a readable zip, no paths
 * escaping its root, size limits) and unpacked once, when it is stored; instances then run from
 * the unpacked directory.
 */
public interface CodeStore {

  /**
   * Validates, stores and unpacks a zip. Storing the same bytes twice returns the same package.
   *
   * @throws GustException {@code RequestTooLargeException} when the zip or its contents exceed
   *     Lambda's limits, {@code InvalidParameterValueException} when it is not a valid zip
   */
  CodePackage store(byte[] zip);

  /** The unpacked files of a stored package. */
  Path directory(CodePackage code);

  /** The original zip of a stored package, for GetFunction's download location. */
  InputStream open(String key);

  /** Deletes packages that no version references any more. */
  void retainOnly(java.util.Set<String> liveKeys);
}
