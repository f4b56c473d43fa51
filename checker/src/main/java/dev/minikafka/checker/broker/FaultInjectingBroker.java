package dev.minikafka.checker.broker;

import dev.minikafka.broker.Broker;
import dev.minikafka.http.HttpServer;
import dev.minikafka.http.HttpServerConfig;
import dev.minikafka.storage.FaultyFileIo;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.StorageConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The broker, wired as {@code minikafka broker} wires it (the same {@link Broker} and {@link
 * HttpServer} with {@code flush=always}) but over the storage tests' {@link FaultyFileIo}, whose
 * faults the checker switches on through this process's standard input, one command a line:
 *
 * <ul>
 *   <li>{@code fail-fsync DIR}: from now on every fsync of a file in partition directory {@code
 *       DIR} (e.g. {@code checker-a-1}) fails with an I/O error;
 *   <li>{@code limit-space DIR BYTES}: the files of {@code DIR} may grow by {@code BYTES} more in
 *       total, then writes fail with "No space left on device", part-way through a buffer;
 *   <li>{@code heal}: no more faults.
 * </ul>
 *
 * <p>This main class exists only in the checker module, which never ships: the broker that users
 * run ({@code minikafka.jar}) has no switch that injects faults, so none can be turned on by
 * accident. Usage: {@code FaultInjectingBroker PORT DATA_DIR}. Stops when killed.
 */
public final class FaultInjectingBroker {
  private FaultInjectingBroker() {}

  /** Runs the broker until the process is killed or its standard input ends. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: FaultInjectingBroker PORT DATA_DIR");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path dataDir = Path.of(args[1]).toAbsolutePath();
    FaultyFileIo io = new FaultyFileIo();
    StorageConfig storage =
        StorageConfig.of(dataDir).withLogOptions(LogOptions.defaults().withFileIo(io));
    Broker broker = Broker.open(storage);
    HttpServer server =
        HttpServer.start(
            broker,
            new HttpServerConfig("127.0.0.1", port, HttpServerConfig.DEFAULT_MAX_BODY_BYTES));
    PrintStream out = System.out;
    out.println("fault-injecting broker listening on port " + server.port() + ", data " + dataDir);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      out.println(apply(io, line.strip().split("\\s+", -1)) + ": " + line);
    }
    // The checker closed our input: stop without a clean shutdown, as a crash would.
    Runtime.getRuntime().halt(0);
  }

  private static String apply(FaultyFileIo io, String[] command) {
    switch (command[0]) {
      case "fail-fsync" -> io.failForce(FaultyFileIo.inDirectory(command[1]));
      case "limit-space" ->
          io.limitSpace(FaultyFileIo.inDirectory(command[1]), Long.parseLong(command[2]));
      case "heal" -> io.heal();
      default -> {
        return "unknown command";
      }
    }
    return "applied";
  }
}
