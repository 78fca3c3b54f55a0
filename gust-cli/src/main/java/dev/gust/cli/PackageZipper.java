package dev.gust.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Zips a function's folder for upload: every file under it with its Unix mode, in name order,
 * skipping version-control and cache folders ({@code .git}, {@code __pycache__}, {@code .gust}) at
 * any depth. {@code node_modules} is kept: a Node.js function needs it at run time. Symbolic links
 * are stored as links (as {@code zip -y} does), never followed, so a link cannot pull files from
 * outside the folder into the package.
 */
final class PackageZipper {
  static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "__pycache__", ".gust");

  /** Told after each file is added. */
  @FunctionalInterface
  interface Listener {
    void zipped(int done, int total, long totalBytes);
  }

  /** What was packed: number of regular files and their uncompressed bytes. */
  record Result(int files, long bytes) {}

  private enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  private record Item(String name, Path path, Kind kind, int permissions, long size) {}

  private PackageZipper() {}

  static Result zip(Path folder, Path target, Listener listener) throws IOException {
    List<Item> items = scan(folder);
    int total = (int) items.stream().filter(i -> i.kind() == Kind.FILE).count();
    long bytes = items.stream().filter(i -> i.kind() == Kind.FILE).mapToLong(Item::size).sum();
    int done = 0;
    try (UnixZipWriter zip = new UnixZipWriter(target)) {
      for (Item item : items) {
        switch (item.kind()) {
          case DIRECTORY -> zip.addDirectory(item.name(), item.permissions());
          case SYMLINK ->
              zip.addSymlink(item.name(), Files.readSymbolicLink(item.path()).toString());
          case FILE -> {
            try (InputStream in = Files.newInputStream(item.path())) {
              zip.addFile(item.name(), item.permissions(), in);
            }
            listener.zipped(++done, total, bytes);
          }
        }
      }
    }
    return new Result(total, bytes);
  }

  private static List<Item> scan(Path folder) throws IOException {
    Path root = folder.toAbsolutePath().normalize();
    List<Item> items = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            if (SKIPPED_FOLDERS.contains(dir.getFileName().toString())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            items.add(new Item(name(root, dir), dir, Kind.DIRECTORY, permissions(dir, 0755), 0));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isSymbolicLink()) {
              items.add(new Item(name(root, file), file, Kind.SYMLINK, 0777, 0));
            } else if (attrs.isRegularFile()) {
              int permissions = permissions(file, Files.isExecutable(file) ? 0755 : 0644);
              items.add(new Item(name(root, file), file, Kind.FILE, permissions, attrs.size()));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    items.sort(Comparator.comparing(Item::name));
    return items;
  }

  private static String name(Path root, Path path) {
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  /** The permission bits (e.g. 0755), or {@code fallback} where the file system has none. */
  static int permissions(Path path, int fallback) throws IOException {
    try {
      PosixFileAttributes attrs =
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int mode = 0;
      for (PosixFilePermission p : attrs.permissions()) {
        mode |= 1 << (8 - p.ordinal());
      }
      return mode;
    } catch (UnsupportedOperationException notPosix) {
      return fallback;
    }
  }
}
