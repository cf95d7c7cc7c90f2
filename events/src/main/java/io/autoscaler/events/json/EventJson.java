package io.autoscaler.events.json;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of every event: unknown fields ignored (consumers tolerate newer producers),
 * absent optional fields omitted, timestamps ISO-8601 UTC with milliseconds.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("event-timestamps").addSerializer(Instant.class, new MillisInstant()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {
    }

    /** A mapper configured like ours, for adapters that need one (REST, YAML seeding). */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static byte[] encode(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static String encodeToString(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException(type, type.getSimpleName() + ": empty record", null);
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new MalformedEventException(type, type.getSimpleName() + ": JSON null", null);
            }
            return value;
        } catch (IOException e) {
            throw new MalformedEventException(type, type.getSimpleName() + ": " + describe(e), e);
        }
    }

    public static <T> T decode(String json, Class<T> type) {
        return decode(json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    /** Jackson's messages quote the input at length; keep the cause and the JSON path. */
    private static String describe(IOException e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return vie.getCause().getMessage() + at(vie);
        }
        if (e instanceof JsonMappingException jme) {
            if (jme.getOriginalMessage().startsWith("Cannot map `null` into type") && !jme.getPath().isEmpty()) {
                return "missing field '" + jme.getPath().get(jme.getPath().size() - 1).getFieldName() + "'" + at(jme);
            }
            return jme.getOriginalMessage() + at(jme);
        }
        if (e instanceof JsonProcessingException jpe) {
            return jpe.getOriginalMessage();
        }
        return e.getMessage();
    }

    private static String at(JsonMappingException e) {
        String path = e.getPathReference();
        return path == null || path.isEmpty() ? "" : " (at " + path + ")";
    }

    private static final class MillisInstant extends StdSerializer<Instant> {
        private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC);

        MillisInstant() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(FORMAT.format(value));
        }
    }
}
