package dev.gust.runtime.java;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/** A loaded handler: turns one event into the bytes of the response. */
interface EventHandler {
  byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  /**
   * Handles one event, writing the response to {@code out}.
   *
   * @throws Throwable whatever the user's code threw, unwrapped
   */
  void handle(byte[] event, ByteArrayOutputStream out, Context context) throws Throwable;

  /** A {@link RequestStreamHandler} class: raw bytes in and out. */
  record StreamClass(RequestStreamHandler instance) implements EventHandler {
    @Override
    public void handle(byte[] event, ByteArrayOutputStream out, Context context) throws Throwable {
      instance.handleRequest(new ByteArrayInputStream(event), out, context);
    }
  }

  /** A {@link RequestHandler} class: the event becomes its input type, the result JSON. */
  record PojoClass(RequestHandler<Object, Object> instance, JsonCodec.Binding json)
      implements EventHandler {
    @Override
    public void handle(byte[] event, ByteArrayOutputStream out, Context context) throws Throwable {
      Object result = instance.handleRequest(readInput(json, event), context);
      writeOutput(json, result, out);
    }
  }

  /**
   * A method named in the handler string. Each parameter is filled by its kind; stream-style
   * methods write their own output, the others' return value is written as JSON.
   */
  record MethodCall(Method method, Object instance, Parameter[] parameters, JsonCodec.Binding json)
      implements EventHandler {

    /** How a method parameter is filled. */
    enum Parameter {
      INPUT_STREAM,
      OUTPUT_STREAM,
      CONTEXT,
      EVENT
    }

    /** Stream-style methods take the raw event or write the raw response themselves. */
    static boolean streaming(Parameter[] parameters) {
      for (Parameter p : parameters) {
        if (p == Parameter.INPUT_STREAM || p == Parameter.OUTPUT_STREAM) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void handle(byte[] event, ByteArrayOutputStream out, Context context) throws Throwable {
      Object[] arguments = new Object[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        arguments[i] =
            switch (parameters[i]) {
              case INPUT_STREAM -> new ByteArrayInputStream(event);
              case OUTPUT_STREAM -> out;
              case CONTEXT -> context;
              case EVENT -> readInput(json, event);
            };
      }
      Object result;
      try {
        result = method.invoke(instance, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause() == null ? e : e.getCause();
      }
      if (!streaming(parameters)) {
        writeOutput(json, result, out);
      }
    }
  }

  private static Object readInput(JsonCodec.Binding json, byte[] event) {
    if (json.reader() == null) {
      return null;
    }
    try {
      return json.read(event);
    } catch (Throwable t) {
      throw new RuntimeException("An error occurred during JSON parsing", t);
    }
  }

  private static void writeOutput(
      JsonCodec.Binding json, Object result, ByteArrayOutputStream out) {
    if (json.writer() == null) {
      out.writeBytes(NULL);
      return;
    }
    try {
      json.write(result, out);
    } catch (Throwable t) {
      throw new RuntimeException("An error occurred during JSON serialization of response", t);
    }
  }
}
