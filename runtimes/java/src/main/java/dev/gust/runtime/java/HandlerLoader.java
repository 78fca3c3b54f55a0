package dev.gust.runtime.java;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.gust.runtime.java.EventHandler.MethodCall.Parameter;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Resolves the handler string ({@code pkg.Class} or {@code pkg.Class::method}) into an {@link
 * EventHandler}, with the rules and error messages of AWS's Java runtime:
 *
 * <ul>
 *   <li>{@code pkg.Class}: the class implements {@link RequestStreamHandler} or {@link
 *       RequestHandler}; a RequestHandler's input and output types are found in its class
 *       hierarchy.
 *   <li>{@code pkg.Class::method}: among the public methods of that name, non-bridge methods and
 *       longer signatures win (a trailing Context counts one extra); accepted signatures are {@code
 *       (I)}, {@code (I, Context)}, {@code (InputStream, OutputStream)}, {@code (InputStream,
 *       OutputStream, Context)} and the other forms AWS's runtime accepts ({@code ()}, {@code
 *       (Context)}, {@code (InputStream)}, {@code (OutputStream)}, {@code (InputStream, Context)},
 *       {@code (OutputStream, Context)}). Instance methods need a public no-argument constructor.
 * </ul>
 *
 * Everything that can fail does so here, at initialisation, as an {@link InitFailure}.
 */
final class HandlerLoader {
  private HandlerLoader() {}

  /** A handler that cannot be loaded, with the report for {@code /runtime/init/error}. */
  static final class InitFailure extends Exception {
    private final ErrorReport report;

    InitFailure(ErrorReport report) {
      super(report.errorMessage(), null, false, false);
      this.report = report;
    }

    ErrorReport report() {
      return report;
    }
  }

  static EventHandler load(String handler, ClassLoader loader) throws InitFailure {
    String className = handler == null ? "" : handler.trim();
    String methodName = null;
    int separator = className.indexOf("::");
    if (separator >= 0) {
      methodName = className.substring(separator + 2);
      className = className.substring(0, separator);
    }
    if (className.isEmpty() || (methodName != null && methodName.isEmpty())) {
      throw new InitFailure(
          ErrorReport.fault(
              "Runtime.MalformedHandlerName", "Invalid handler: `" + handler + "'", null));
    }

    // The class is loaded here and initialised only once Jackson, if the handler needs it, is
    // warming up on another thread: user static initialisers and constructors (often building SDK
    // clients) then overlap with Jackson's own start-up, the largest cost of a Java cold start.
    Class<?> type = loadClass(className, loader, false);
    return methodName == null
        ? loadClassHandler(type, loader)
        : loadMethodHandler(type, methodName, loader);
  }

  private static Class<?> loadClass(String className, ClassLoader loader, boolean initialize)
      throws InitFailure {
    try {
      return Class.forName(className, initialize, loader);
    } catch (ClassNotFoundException e) {
      throw new InitFailure(
          ErrorReport.fault(e.getClass().getName(), "Class not found: " + className, e));
    } catch (Throwable e) { // NoClassDefFoundError, ExceptionInInitializerError, ...
      String message =
          "Error loading class "
              + className
              + (e.getMessage() == null ? "" : ": " + e.getMessage());
      throw new InitFailure(ErrorReport.fault(e.getClass().getName(), message, e));
    }
  }

  @SuppressWarnings("unchecked")
  private static EventHandler loadClassHandler(Class<?> type, ClassLoader loader)
      throws InitFailure {
    if (RequestStreamHandler.class.isAssignableFrom(type)) {
      loadClass(type.getName(), loader, true);
      return new EventHandler.StreamClass((RequestStreamHandler) instantiate(type));
    }
    if (RequestHandler.class.isAssignableFrom(type)) {
      Type[] types = TypeResolver.typeArguments(type, RequestHandler.class);
      JsonBinder json = JsonBinder.start(types[0], types[1]);
      loadClass(type.getName(), loader, true);
      Object instance = instantiate(type);
      return new EventHandler.PojoClass((RequestHandler<Object, Object>) instance, json.join());
    }
    throw new InitFailure(
        ErrorReport.fault(
            "Runtime.HandlerNotFound",
            "Class does not implement an appropriate handler interface: " + type.getName(),
            null));
  }

  private static EventHandler loadMethodHandler(
      Class<?> type, String methodName, ClassLoader loader) throws InitFailure {
    List<Method> candidates = new ArrayList<>();
    for (Method m : type.getMethods()) {
      if (m.getName().equals(methodName)) {
        candidates.add(m);
      }
    }
    candidates.sort(new Priority());
    for (Method m : candidates) {
      Parameter[] parameters = parameters(m);
      if (parameters == null) {
        continue;
      }
      Type input = null;
      Type[] generic = m.getGenericParameterTypes();
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] == Parameter.EVENT) {
          input = generic[i];
        }
      }
      boolean streaming = EventHandler.MethodCall.streaming(parameters);
      JsonBinder json = streaming ? null : JsonBinder.start(input, m.getGenericReturnType());
      loadClass(type.getName(), loader, true);
      Object instance = Modifier.isStatic(m.getModifiers()) ? null : instantiate(type);
      return new EventHandler.MethodCall(
          m, instance, parameters, streaming ? NO_JSON : json.join());
    }
    throw new InitFailure(
        ErrorReport.fault(
            "Runtime.HandlerNotFound",
            "No public method named "
                + methodName
                + " with appropriate method signature found on class "
                + type.getName(),
            null));
  }

  private static final JsonCodec.Binding NO_JSON = new JsonCodec.Binding(null, null);

  /**
   * Prepares Jackson for a handler's input and output types on a background thread. Jackson is only
   * loaded for a handler that has a JSON input or output. (A class rather than a lambda: the first
   * lambda costs start-up time.)
   */
  private static final class JsonBinder implements Runnable {
    private final Type input;
    private final Type output;
    private final Thread thread;
    private JsonCodec.Binding binding;
    private Throwable failure;

    private JsonBinder(Type input, Type output) {
      this.input = input;
      this.output = output;
      this.thread = new Thread(this, "gust-json-warm-up");
      thread.setDaemon(true);
    }

    static JsonBinder start(Type input, Type output) {
      JsonBinder binder = new JsonBinder(input, isVoid(output) ? null : output);
      if (binder.input == null && binder.output == null) {
        binder.binding = NO_JSON;
      } else {
        binder.thread.start();
      }
      return binder;
    }

    @Override
    public void run() {
      try {
        binding = JsonCodec.instance().bind(input, output);
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** Waits for the binding; Thread.join makes the other thread's writes visible here. */
    JsonCodec.Binding join() throws InitFailure {
      if (binding == NO_JSON) {
        return binding;
      }
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw new InitFailure(ErrorReport.of(failure));
      }
      return binding;
    }
  }

  private static boolean isVoid(Type type) {
    return type == null || type == void.class || type == Void.class;
  }

  /** The parameter kinds of an accepted signature, or null when AWS's runtime would skip it. */
  private static Parameter[] parameters(Method m) {
    Class<?>[] p = m.getParameterTypes();
    switch (p.length) {
      case 0:
        return new Parameter[0];
      case 1:
        if (p[0] == InputStream.class) {
          return new Parameter[] {Parameter.INPUT_STREAM};
        }
        if (p[0] == OutputStream.class) {
          return new Parameter[] {Parameter.OUTPUT_STREAM};
        }
        if (p[0] == Context.class) {
          return new Parameter[] {Parameter.CONTEXT};
        }
        return new Parameter[] {Parameter.EVENT};
      case 2:
        if (p[0] == OutputStream.class) {
          return p[1] == Context.class
              ? new Parameter[] {Parameter.OUTPUT_STREAM, Parameter.CONTEXT}
              : null;
        }
        if (p[0] == Context.class) {
          return null;
        }
        if (p[0] == InputStream.class) {
          if (p[1] == OutputStream.class) {
            return new Parameter[] {Parameter.INPUT_STREAM, Parameter.OUTPUT_STREAM};
          }
          return p[1] == Context.class
              ? new Parameter[] {Parameter.INPUT_STREAM, Parameter.CONTEXT}
              : null;
        }
        return p[1] == Context.class ? new Parameter[] {Parameter.EVENT, Parameter.CONTEXT} : null;
      case 3:
        return p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class
            ? new Parameter[] {Parameter.INPUT_STREAM, Parameter.OUTPUT_STREAM, Parameter.CONTEXT}
            : null;
      default:
        return null;
    }
  }

  /**
   * Non-bridge methods first, then longer signatures; a trailing Context counts one extra. (A class
   * rather than a lambda: the first lambda costs start-up time.)
   */
  private static final class Priority implements Comparator<Method> {
    @Override
    public int compare(Method a, Method b) {
      if (a.isBridge() != b.isBridge()) {
        return a.isBridge() ? 1 : -1;
      }
      return Integer.compare(weight(b), weight(a));
    }

    private static int weight(Method m) {
      Class<?>[] p = m.getParameterTypes();
      return p.length + (p.length > 0 && p[p.length - 1] == Context.class ? 1 : 0);
    }
  }

  private static Object instantiate(Class<?> type) throws InitFailure {
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      String message =
          type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())
              ? "Class "
                  + type.getName()
                  + " cannot be instantiated because it is a non-static inner class"
              : "Class " + type.getName() + " has no public zero-argument constructor";
      throw new InitFailure(ErrorReport.fault("java.lang.Exception", message, null));
    }
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new InitFailure(ErrorReport.of(e.getCause() == null ? e : e.getCause()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new InitFailure(ErrorReport.of(e));
    }
  }
}
