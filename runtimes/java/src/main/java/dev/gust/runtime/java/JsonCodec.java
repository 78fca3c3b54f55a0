package dev.gust.runtime.java;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Jackson, configured like the serializer of AWS's Java runtime: unknown properties are ignored,
 * null fields are left out of results, single values are accepted where arrays are expected.
 * Records and constructor-annotated classes work too. Created on first use, so that stream handlers
 * never pay for loading Jackson.
 */
final class JsonCodec {
  private final ObjectMapper mapper;
  private final ObjectReader objectReader;

  private JsonCodec() {
    mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Null properties and null map values are left out, as AWS's serializer does.
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    objectReader = mapper.readerFor(Map.class);
  }

  private static final class Holder {
    static final JsonCodec INSTANCE = new JsonCodec();
  }

  static JsonCodec instance() {
    return Holder.INSTANCE;
  }

  /**
   * A reader and a writer for a handler's input and output types, prepared ahead of the first
   * event.
   */
  Binding bind(Type input, Type output) {
    JavaType in = input == null ? null : mapper.getTypeFactory().constructType(input);
    JavaType out = output == null ? null : mapper.getTypeFactory().constructType(output);
    return new Binding(
        in == null ? null : mapper.readerFor(in), out == null ? null : mapper.writerFor(out));
  }

  /** Reads a JSON object (a Runtime API header) into a map. */
  Map<String, Object> readObject(String json) {
    try {
      Map<String, Object> value = objectReader.readValue(json);
      return value == null ? Map.of() : value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A prepared reader and writer; either is null when the handler has no such side. */
  record Binding(ObjectReader reader, ObjectWriter writer) {
    Object read(byte[] json) throws IOException {
      return reader.readValue(json);
    }

    void write(Object value, OutputStream out) throws IOException {
      writer.writeValue(out, value);
    }
  }
}
