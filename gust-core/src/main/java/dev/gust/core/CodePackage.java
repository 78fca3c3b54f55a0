package dev.gust.core;

import java.util.Objects;

/**
 * A stored, validated and unpacked code package. Packages are content-addressed: two functions
 * uploading the same zip share one package.
 *
 * @param sha256 Lambda's {@code CodeSha256}: the base64 SHA-256 of the zip
 * @param size the zip's size in bytes ({@code CodeSize})
 * @param unzippedSize the total size of its files once extracted
 */
public record CodePackage(String sha256, long size, long unzippedSize) {
  public CodePackage {
    Objects.requireNonNull(sha256, "sha256");
  }

  /** A file-system-safe key derived from the hash (hex), used by stores as a directory name. */
  public String key() {
    byte[] raw = java.util.Base64.getDecoder().decode(sha256);
    return java.util.HexFormat.of().formatHex(raw);
  }
}
