package dev.gust.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lambda's control-plane rules, over in-memory fakes of the store ports. */
class FunctionRegistryTest {
  final List<String> changed = new ArrayList<>();
  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final FunctionRegistry registry = registry(1000);

  FunctionRegistry registry(int limit) {
    RegistryStore store = new RegistryStore() {
      @Override public List<FunctionState> loadAll() { return List.of(); }
      @Override public void createFunction(FunctionState f) {}
      @Override public void updateLatest(FunctionVersion latest) {}
      @Override public void insertVersion(FunctionVersion published) {}
      @Override public void deleteVersion(String f, long v) {}
      @Override public void deleteFunction(String f) {}
      @Override public void putAlias(Alias a) {}
      @Override public void deleteAlias(String f, String a) {}
      @Override public void setReservedConcurrency(String f, Integer r) {}
      @Override public void close() {}
    };
    CodeStore code = new CodeStore() {
      @Override public CodePackage store(byte[] zip) {
        return new CodePackage(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(zip, 32)), zip.length, zip.length);
      }
      @Override public Path directory(CodePackage c) { return Path.of("/"); }
      @Override public InputStream open(String key) { return InputStream.nullInputStream(); }
      @Override public void retainOnly(Set<String> keys) {}
    };
    RuntimeCatalog runtimes = new RuntimeCatalog() {
      @Override public Optional<RuntimeRecipe> recipe(RuntimeId r) {
        return r.id().equals("python3.11") ? Optional.of(new RuntimeRecipe(r, Optional.of("py"), "3.11")) : Optional.empty();
      }
      @Override public String whyUnavailable(RuntimeId r) { return "not here"; }
      @Override public List<String> available() { return List.of("python3.11"); }
    };
    FunctionRegistry r = new FunctionRegistry(store, code, runtimes, Arns.DEFAULT, clock, limit);
    r.addListener(changed::add);
    return r;
  }

  static final FunctionConfig CONFIG = FunctionConfig.of("python3.11", "app.handler");

  @Test
  void publishingUnchangedCodeAndConfigurationReturnsTheLastVersion() {
    registry.create("f", CONFIG, new byte[] {1}, false);
    assertEquals("1", registry.publish("f", Optional.empty(), Optional.of("first"), Optional.empty()).version());
    assertEquals("1", registry.publish("f", Optional.empty(), Optional.of("again"), Optional.empty()).version());
    registry.updateCode("f", new byte[] {2}, false, Optional.empty());
    assertEquals("2", registry.publish("f", Optional.empty(), Optional.empty(), Optional.empty()).version());
    assertEquals(List.of("f", "f", "f", "f", "f"), changed, "every write notifies");
  }

  @Test
  void aStaleRevisionIsAPreconditionFailureAndChangesNothing() {
    FunctionVersion created = registry.create("f", CONFIG, new byte[] {1}, false);
    FunctionVersion updated = registry.updateCode("f", new byte[] {2}, false, Optional.of(created.revisionId()));
    assertNotEquals(created.revisionId(), updated.revisionId());
    GustException e = assertThrows(GustException.class,
        () -> registry.updateCode("f", new byte[] {3}, false, Optional.of(created.revisionId())));
    assertEquals(ErrorType.PRECONDITION_FAILED, e.type());
    assertEquals(updated, registry.function("f").latest());
  }

  @Test
  void aliasesRefuseBadTargetsAndProtectTheirVersions() {
    registry.create("f", CONFIG, new byte[] {1}, true);
    registry.updateCode("f", new byte[] {2}, true, Optional.empty());
    Alias live = registry.createAlias("f", "live", "1", "", Map.of("2", 0.25));
    assertEquals("2", live.pickVersion(0.1));
    assertEquals("1", live.pickVersion(0.5));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE,
        assertThrows(GustException.class, () -> registry.createAlias("f", "123", "1", "", Map.of())).type());
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE,
        assertThrows(GustException.class, () -> registry.createAlias("f", "w", "1", "", Map.of("2", 1.5))).type());
    assertEquals(ErrorType.RESOURCE_NOT_FOUND,
        assertThrows(GustException.class, () -> registry.createAlias("f", "x", "9", "", Map.of())).type());
    assertEquals(ErrorType.RESOURCE_CONFLICT,
        assertThrows(GustException.class, () -> registry.delete(new Arns.FunctionRef("f", Optional.of("2")))).type());
    assertEquals("1", registry.version(new Arns.FunctionRef("f", Optional.of("live"))).version());
  }

  @Test
  void reservationsLeaveTheMinimumUnreserved() {
    registry.create("a", CONFIG, new byte[] {1}, false);
    registry.create("b", CONFIG, new byte[] {1}, false);
    registry.putReservedConcurrency("a", 850);
    assertEquals(850, registry.totalReserved());
    GustException e = assertThrows(GustException.class, () -> registry.putReservedConcurrency("b", 51));
    assertTrue(e.getMessage().contains("[100]"), e.getMessage());
    registry.putReservedConcurrency("b", 50);
    assertEquals(900, registry.totalReserved());
    registry.deleteReservedConcurrency("a");
    assertEquals(50, registry.totalReserved());
  }

  @Test
  void aSmallServerScalesTheUnreservedMinimum() {
    FunctionRegistry small = registry(20);
    small.create("a", CONFIG, new byte[] {1}, false);
    assertEquals(0, small.putReservedConcurrency("a", 0));
    assertEquals(18, small.putReservedConcurrency("a", 18));
  }

  @Test
  void aRuntimeTheHostLacksIsRefusedBeforeAnythingIsStored() {
    GustException e = assertThrows(GustException.class,
        () -> registry.create("f", FunctionConfig.of("python3.12", "app.handler"), new byte[] {1}, false));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE, e.type());
    assertTrue(e.getMessage().contains("not available on this host: not here"));
    assertTrue(registry.find("f").isEmpty());
    assertTrue(changed.isEmpty());
  }
}
