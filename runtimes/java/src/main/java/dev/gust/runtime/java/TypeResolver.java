package dev.gust.runtime.java;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the actual type arguments a class gives a generic interface, e.g. {@code I} and {@code O}
 * of {@code RequestHandler<I, O>}, however deep in its class hierarchy the interface is implemented
 * and however its type variables are passed along on the way ({@code class A extends Base<Pojo>},
 * {@code class Base<T> implements RequestHandler<T, String>}).
 */
final class TypeResolver {
  private TypeResolver() {}

  /**
   * Returns the type arguments {@code implementation} gives {@code target}, with type variables
   * left unbound replaced by their first bound; null if it does not implement {@code target}.
   */
  static Type[] typeArguments(Class<?> implementation, Class<?> target) {
    Type[] found = search(implementation, new HashMap<>(), target);
    if (found == null) {
      return null;
    }
    Type[] resolved = new Type[found.length];
    for (int i = 0; i < found.length; i++) {
      resolved[i] = erase(found[i]);
    }
    return resolved;
  }

  private static Type[] search(Type type, Map<TypeVariable<?>, Type> bindings, Class<?> target) {
    Class<?> raw;
    Map<TypeVariable<?>, Type> own = new HashMap<>();
    if (type instanceof ParameterizedType p) {
      raw = (Class<?>) p.getRawType();
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] arguments = p.getActualTypeArguments();
      for (int i = 0; i < variables.length && i < arguments.length; i++) {
        own.put(variables[i], substitute(arguments[i], bindings));
      }
    } else if (type instanceof Class<?> c) {
      raw = c;
    } else {
      return null;
    }
    if (raw == target) {
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] result = new Type[variables.length];
      for (int i = 0; i < variables.length; i++) {
        // A raw `implements RequestHandler` leaves the variables themselves: erased to Object
        // below.
        result[i] = own.getOrDefault(variables[i], variables[i]);
      }
      return result;
    }
    for (Type parent : raw.getGenericInterfaces()) {
      Type[] found = search(parent, own, target);
      if (found != null) {
        return found;
      }
    }
    Type superclass = raw.getGenericSuperclass();
    return superclass == null ? null : search(superclass, own, target);
  }

  private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> v) {
      return bindings.getOrDefault(v, v);
    }
    if (type instanceof ParameterizedType p) {
      Type[] arguments = p.getActualTypeArguments().clone();
      boolean changed = false;
      for (int i = 0; i < arguments.length; i++) {
        Type substituted = substitute(arguments[i], bindings);
        changed |= substituted != arguments[i];
        arguments[i] = substituted;
      }
      return changed
          ? new Parameterized((Class<?>) p.getRawType(), p.getOwnerType(), arguments)
          : p;
    }
    return type;
  }

  /** Replaces type variables nobody bound by their first bound, which Jackson can work with. */
  private static Type erase(Type type) {
    if (type instanceof TypeVariable<?> v) {
      Type[] bounds = v.getBounds();
      return bounds.length == 0 ? Object.class : erase(bounds[0]);
    }
    if (type instanceof WildcardType w) {
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 ? Object.class : erase(upper[0]);
    }
    if (type instanceof ParameterizedType p) {
      Type[] arguments = p.getActualTypeArguments().clone();
      for (int i = 0; i < arguments.length; i++) {
        arguments[i] = erase(arguments[i]);
      }
      return new Parameterized((Class<?>) p.getRawType(), p.getOwnerType(), arguments);
    }
    if (type instanceof GenericArrayType a) {
      Type component = erase(a.getGenericComponentType());
      return component instanceof Class<?> c ? c.arrayType() : type;
    }
    return type;
  }

  /** A parameterized type built from resolved arguments. */
  private record Parameterized(Class<?> raw, Type owner, Type[] arguments)
      implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p
          && raw.equals(p.getRawType())
          && Objects.equals(owner, p.getOwnerType())
          && Arrays.equals(arguments, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(raw.getName()).append('<');
      for (int i = 0; i < arguments.length; i++) {
        text.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
      }
      return text.append('>').toString();
    }
  }
}
