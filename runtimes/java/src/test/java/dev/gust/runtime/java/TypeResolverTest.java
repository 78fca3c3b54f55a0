package dev.gust.runtime.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.gust.runtime.java.fixtures.GenericHandlers;
import dev.gust.runtime.java.fixtures.Greeting;
import dev.gust.runtime.java.fixtures.MapHandler;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeResolverTest {
  @Test
  void directImplementationGivesItsArguments() {
    Type[] types = TypeResolver.typeArguments(MapHandler.class, RequestHandler.class);
    assertEquals("java.util.Map<java.lang.String, java.lang.Object>", types[0].getTypeName());
    assertEquals("java.util.Map<java.lang.String, java.lang.Object>", types[1].getTypeName());
  }

  @Test
  void variablesAreFollowedThroughSuperclasses() {
    Type[] types =
        TypeResolver.typeArguments(GenericHandlers.GreetingNames.class, RequestHandler.class);
    assertEquals("java.util.List<" + Greeting.class.getName() + ">", types[0].getTypeName());
    assertEquals(String.class, types[1]);
  }

  interface Middle<X> extends RequestHandler<List<X>, Map<String, X>> {}

  static class ThroughAnInterface implements Middle<Integer> {
    @Override
    public Map<String, Integer> handleRequest(List<Integer> input, Context context) {
      return Map.of();
    }
  }

  @Test
  void variablesAreFollowedThroughInterfaces() {
    Type[] types = TypeResolver.typeArguments(ThroughAnInterface.class, RequestHandler.class);
    assertEquals("java.util.List<java.lang.Integer>", types[0].getTypeName());
    assertEquals("java.util.Map<java.lang.String, java.lang.Integer>", types[1].getTypeName());
  }

  @SuppressWarnings("rawtypes")
  static class Raw implements RequestHandler {
    @Override
    public Object handleRequest(Object input, Context context) {
      return input;
    }
  }

  static class Unbound<T extends Number> implements RequestHandler<T, T> {
    @Override
    public T handleRequest(T input, Context context) {
      return input;
    }
  }

  @Test
  void unboundVariablesBecomeTheirBounds() {
    assertArrayEquals(
        new Type[] {Object.class, Object.class},
        TypeResolver.typeArguments(Raw.class, RequestHandler.class));
    assertArrayEquals(
        new Type[] {Number.class, Number.class},
        TypeResolver.typeArguments(Unbound.class, RequestHandler.class));
  }

  @Test
  void classesThatDoNotImplementTheInterfaceGiveNull() {
    assertNull(TypeResolver.typeArguments(String.class, RequestHandler.class));
  }
}
