package dev.gust.bench;

/** The baseline for Java cold starts: a JVM that starts and exits. */
public final class Noop {
  private Noop() {}

  public static void main(String[] args) {
    System.out.print("");
  }
}
