package dev.minikafka.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The API's contract as the server serves it at {@code /openapi.json}: its operations, a jqwik
 * generator of requests from their parameters' and bodies' schemas (mostly valid values, some
 * wrong-typed, out of range or hostile), and the check of an answer: a status the operation lists,
 * and a body that matches that status's schema (OpenAPI 3.0 schemas, read as JSON Schema draft 4
 * with {@code nullable} spelt out). Immutable once loaded; thread-safe.
 */
public final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> METHODS = List.of("get", "post", "patch", "put", "delete");

  private final JsonNode doc;
  private final List<Operation> operations;
  private final JsonNode components;
  private final Map<JsonNode, JsonSchema> validators = new ConcurrentHashMap<>();

  /** One parameter: where it goes ({@code path} or {@code query}) and its schema. */
  public record Param(String name, String in, boolean required, JsonNode schema) {}

  /**
   * One operation.
   *
   * @param bodyType the request body's media type, null when it takes none
   * @param bodySchema its schema (null for a binary body)
   * @param responses each listed status ({@code "200"}, ...) with its JSON schema or null
   */
  public record Operation(
      String method,
      String path,
      List<Param> params,
      String bodyType,
      JsonNode bodySchema,
      Map<String, JsonNode> responses) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** A generated request. {@code body} is JSON text, bytes as ISO-8859-1, or null. */
  public record Request(Operation op, String method, String path, String bodyType, String body) {
    @Override
    public String toString() {
      String b =
          body == null ? "" : " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
      return method + " " + path + b;
    }
  }

  private OpenApiContract(JsonNode doc) {
    this.doc = doc;
    this.components = openApiToJsonSchema(doc.path("components"));
    this.operations = readOperations();
  }

  /** The contract of the document {@code openapiJson}, as {@code /openapi.json} answers it. */
  public static OpenApiContract parse(String openapiJson) throws IOException {
    return new OpenApiContract(JSON.readTree(openapiJson));
  }

  /** Every operation of the document. */
  public List<Operation> operations() {
    return operations;
  }

  // --- reading the document ------------------------------------------------------------------

  private List<Operation> readOperations() {
    List<Operation> out = new ArrayList<>();
    doc.path("paths")
        .properties()
        .forEach(
            path -> {
              JsonNode item = path.getValue();
              for (String method : METHODS) {
                JsonNode op = item.get(method);
                if (op == null) {
                  continue;
                }
                List<Param> params = new ArrayList<>();
                for (JsonNode p : item.path("parameters")) {
                  params.add(param(p));
                }
                for (JsonNode p : op.path("parameters")) {
                  params.add(param(p));
                }
                String bodyType = null;
                JsonNode bodySchema = null;
                Iterator<Map.Entry<String, JsonNode>> content =
                    op.path("requestBody").path("content").properties().iterator();
                if (content.hasNext()) {
                  Map.Entry<String, JsonNode> c = content.next();
                  bodyType = c.getKey();
                  bodySchema = c.getValue().get("schema");
                }
                Map<String, JsonNode> responses = new LinkedHashMap<>();
                op.path("responses")
                    .properties()
                    .forEach(
                        r ->
                            responses.put(
                                r.getKey(),
                                resolve(r.getValue())
                                    .path("content")
                                    .path("application/json")
                                    .get("schema")));
                out.add(
                    new Operation(
                        method.toUpperCase(java.util.Locale.ROOT),
                        path.getKey(),
                        List.copyOf(params),
                        bodyType,
                        bodySchema,
                        responses));
              }
            });
    return List.copyOf(out);
  }

  private Param param(JsonNode p) {
    JsonNode r = resolve(p);
    return new Param(
        r.get("name").asText(),
        r.get("in").asText(),
        r.path("required").asBoolean(),
        r.get("schema"));
  }

  /** {@code node}, or what its {@code $ref} names in this document. */
  private JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    while (n != null && n.has("$ref")) {
      n = doc.at(n.get("$ref").asText().substring(1));
    }
    return n;
  }

  // --- checking an answer --------------------------------------------------------------------

  /**
   * Asserts that {@code status} is one {@code op} lists (no 5xx at all) and that {@code body}, when
   * the status has a schema, matches it.
   */
  public void check(Operation op, int status, String body) throws IOException {
    assertThat(status).as("a 5xx: " + body).isLessThan(500);
    String key = Integer.toString(status);
    assertThat(op.responses())
        .as(op + " answered " + status + " " + body + "; the spec lists " + op.responses().keySet())
        .containsKey(key);
    JsonNode schema = op.responses().get(key);
    if (schema == null) {
      return;
    }
    JsonNode answer = JSON.readTree(body);
    Set<ValidationMessage> problems = validator(schema).validate(answer);
    assertThat(problems).as(op + " " + status + " " + body + " against its schema").isEmpty();
  }

  private JsonSchema validator(JsonNode schema) {
    return validators.computeIfAbsent(
        schema,
        s -> {
          ObjectNode root = (ObjectNode) openApiToJsonSchema(s);
          root.set("components", components);
          return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
        });
  }

  /**
   * An OpenAPI 3.0 schema as JSON Schema draft 4: {@code nullable: true} becomes a type that also
   * allows null; {@code $ref}s stay (they name {@code #/components/...} of the same root).
   */
  private static JsonNode openApiToJsonSchema(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(e -> out.add(openApiToJsonSchema(e)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = NODES.objectNode();
    node.properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("nullable")
                  && !e.getKey().equals("example")
                  && !e.getKey().equals("examples")) {
                out.set(e.getKey(), openApiToJsonSchema(e.getValue()));
              }
            });
    if (node.path("nullable").asBoolean()) {
      if (out.has("type")) {
        out.set("type", NODES.arrayNode().add(out.get("type").asText()).add("null"));
      } else {
        ObjectNode any = NODES.objectNode();
        any.set(
            "anyOf",
            NODES.arrayNode().add(out.deepCopy()).add(NODES.objectNode().put("type", "null")));
        return any;
      }
      if (out.has("enum")) {
        ((ArrayNode) out.get("enum")).addNull();
      }
    }
    return out;
  }

  // --- generating requests -------------------------------------------------------------------

  /**
   * Requests for every operation: path parameters from {@code pathValues} (by name: topic,
   * partition, group, member), query parameters and bodies from their schemas.
   */
  public Arbitrary<Request> requests(Map<String, Arbitrary<String>> pathValues) {
    List<Arbitrary<Request>> each = new ArrayList<>();
    for (Operation op : operations) {
      each.add(requests(op, pathValues));
    }
    return Arbitraries.oneOf(each);
  }

  private Arbitrary<Request> requests(Operation op, Map<String, Arbitrary<String>> pathValues) {
    Arbitrary<String> path = Arbitraries.just(op.path());
    for (Param p : op.params()) {
      if (p.in().equals("path")) {
        Arbitrary<String> value =
            pathValues.getOrDefault(
                p.name(), value(p.schema(), p.name(), 0).map(OpenApiContract::text));
        String placeholder = "{" + p.name() + "}";
        path =
            Combinators.combine(path, value)
                .as((t, v) -> t.replace(placeholder, HostileInput.segment(v)));
      }
    }
    Arbitrary<String> query = Arbitraries.just("");
    for (Param p : op.params()) {
      if (p.in().equals("query")) {
        Arbitrary<String> v =
            value(p.schema(), p.name(), 0)
                .map(OpenApiContract::text)
                .injectNull(p.required() ? 0.05 : 0.5);
        query =
            Combinators.combine(query, v)
                .as(
                    (q, x) ->
                        x == null
                            ? q
                            : q
                                + (q.isEmpty() ? "?" : "&")
                                + p.name()
                                + "="
                                + HostileInput.segment(x));
      }
    }
    Arbitrary<String> body;
    if (op.bodyType() == null) {
      body = Arbitraries.just(null);
    } else if (op.bodySchema() == null || !op.bodyType().contains("json")) {
      body =
          Arbitraries.bytes()
              .array(byte[].class)
              .ofMaxSize(200)
              .map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
    } else {
      body = value(op.bodySchema(), "body", 0).map(JsonNode::toString).injectNull(0.03);
    }
    return Combinators.combine(path, query, body)
        .as((p, q, b) -> new Request(op, op.method(), p + q, op.bodyType(), b));
  }

  private static String text(JsonNode v) {
    return v.isTextual() ? v.textValue() : v.toString();
  }

  /** Values for {@code schema}: mostly valid ones, some of the wrong type or out of range. */
  private Arbitrary<JsonNode> value(JsonNode schemaOrRef, String name, int depth) {
    JsonNode schema = resolve(schemaOrRef);
    if (schema == null) {
      return Arbitraries.just(NODES.nullNode());
    }
    Arbitrary<JsonNode> valid = valid(schema, name, depth);
    Arbitrary<JsonNode> wrong = depth > 3 ? valid : wrong(name);
    return Arbitraries.frequencyOf(Tuple.of(24, valid), Tuple.of(1, wrong));
  }

  private Arbitrary<JsonNode> valid(JsonNode schema, String name, int depth) {
    if (schema.has("enum")) {
      List<JsonNode> values = new ArrayList<>();
      schema.get("enum").forEach(values::add);
      return Arbitraries.of(values);
    }
    if (schema.has("oneOf") || schema.has("anyOf")) {
      List<Arbitrary<JsonNode>> alternatives = new ArrayList<>();
      for (JsonNode alt : schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf")) {
        alternatives.add(value(alt, name, depth + 1));
      }
      return Arbitraries.oneOf(alternatives);
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
    return switch (type) {
      case "integer" -> integers(schema);
      case "number" ->
          Arbitraries.doubles().between(-1e6, 1e6).map(d -> (JsonNode) NODES.numberNode(d));
      case "boolean" -> Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b));
      case "array" -> {
        int max = Math.min(schema.path("maxItems").asInt(4), 4);
        yield value(schema.path("items"), name, depth + 1)
            .list()
            .ofMaxSize(depth > 2 ? 1 : max)
            .map(
                l -> {
                  ArrayNode a = NODES.arrayNode();
                  a.addAll(l);
                  return (JsonNode) a;
                });
      }
      case "object" -> objects(schema, depth);
      default -> strings(schema, name);
    };
  }

  private Arbitrary<JsonNode> objects(JsonNode schema, int depth) {
    Set<String> required = new java.util.HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    List<Arbitrary<Map.Entry<String, JsonNode>>> fields = new ArrayList<>();
    schema
        .path("properties")
        .properties()
        .forEach(
            p -> {
              Arbitrary<JsonNode> v = value(p.getValue(), p.getKey(), depth + 1);
              Arbitrary<Map.Entry<String, JsonNode>> field =
                  v.map(x -> Map.entry(p.getKey(), x))
                      .injectNull(depth > 2 ? 0.8 : required.contains(p.getKey()) ? 0.05 : 0.4);
              fields.add(field);
            });
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      fields.add(
          Combinators.combine(
                  Arbitraries.of(
                      "retention.ms", "segment.bytes", "max.message.bytes", "0", "1", "x"),
                  value(additional, "additional", depth + 1))
              .as(Map::entry)
              .injectNull(0.3));
    }
    fields.add(
        Arbitraries.just(Map.entry("unknown_field", (JsonNode) NODES.textNode("x")))
            .injectNull(0.95));
    if (fields.isEmpty()) {
      return Arbitraries.just(NODES.objectNode());
    }
    return Combinators.combine(fields)
        .as(
            list -> {
              ObjectNode o = NODES.objectNode();
              for (Map.Entry<String, JsonNode> e : list) {
                if (e != null) {
                  o.set(e.getKey(), e.getValue());
                }
              }
              return o;
            });
  }

  private static Arbitrary<JsonNode> integers(JsonNode schema) {
    long min = schema.has("minimum") ? schema.get("minimum").asLong() : -1;
    long max = schema.has("maximum") ? schema.get("maximum").asLong() : 1_000;
    long lo = Math.max(min, -1_000);
    long hi = Math.min(max, Math.max(lo, 1_000));
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.longs().between(lo, hi).map(l -> (JsonNode) NODES.numberNode(l))),
        Tuple.of(
            2,
            Arbitraries.of(
                    NODES.numberNode(min - 1),
                    NODES.numberNode(max + 1),
                    NODES.numberNode(0),
                    NODES.numberNode(-1),
                    NODES.numberNode(Long.MAX_VALUE),
                    NODES.numberNode(BigInteger.ONE.shiftLeft(63)),
                    NODES.numberNode(1.5))
                .map(n -> (JsonNode) n)));
  }

  private Arbitrary<JsonNode> strings(JsonNode schema, String name) {
    List<String> likely = new ArrayList<>();
    if (schema.has("example") && schema.get("example").isTextual()) {
      likely.add(schema.get("example").asText());
    }
    switch (name) {
      case "topic", "name", "topics" -> likely.addAll(List.of("demo", "demo", "fresh", "nope"));
      case "key", "value", "metadata", "client_id" -> likely.addAll(List.of("k", "v", ""));
      case "to" -> likely.addAll(List.of("beginning", "end", "earliest", "latest"));
      case "assignor" -> likely.addAll(List.of("range", "roundrobin", "cooperative-sticky"));
      case "consumer_id" -> likely.addAll(List.of("c", "c2"));
      case "format" -> likely.addAll(List.of("string", "base64"));
      default -> {}
    }
    Arbitrary<String> random = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12);
    Arbitrary<String> hostile = Arbitraries.of(HostileInput.names()).map(HostileInput.Name::raw);
    Arbitrary<String> pick =
        likely.isEmpty()
            ? Arbitraries.frequencyOf(Tuple.of(8, random), Tuple.of(2, hostile))
            : Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.of(likely)), Tuple.of(3, random), Tuple.of(1, hostile));
    return pick.map(s -> (JsonNode) NODES.textNode(s));
  }

  private static Arbitrary<JsonNode> wrong(String name) {
    return Arbitraries.of(
            NODES.nullNode(),
            NODES.numberNode(-1),
            NODES.numberNode(1e300),
            NODES.textNode(name),
            NODES.booleanNode(true),
            NODES.arrayNode(),
            NODES.objectNode())
        .map(n -> (JsonNode) n);
  }
}
