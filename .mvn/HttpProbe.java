import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Tiny HTTP client for the ./lmaas script (no curl needed): prints the status of GET url, or with
 * --print the body too; with --post-file FILE it POSTs FILE as JSON instead.
 * Usage: java HttpProbe.java URL [--bearer-stdin] [--post-file FILE] [--print]
 *
 * <p>A bearer key is read from standard input, never taken as an argument: a process's arguments
 * are readable by every local user (ps, /proc/PID/cmdline) and land in shell histories.
 */
public class HttpProbe {
    public static void main(String[] args) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(30));
        boolean print = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--print" -> print = true;
                case "--post-file" -> b.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofFile(java.nio.file.Path.of(args[++i])));
                case "--bearer-stdin" -> {
                    String key = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    if (key == null || key.isBlank()) {
                        System.err.println("no key on standard input");
                        System.exit(2);
                    }
                    b.header("Authorization", "Bearer " + key.strip());
                }
                default -> {
                    System.err.println("unknown argument (keys are read with --bearer-stdin, never from arguments)");
                    System.exit(2);
                }
            }
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (print) {
                System.out.println(r.body());
                System.exit(r.statusCode() == 200 ? 0 : 1);
            }
            System.out.println(r.statusCode());
        } catch (java.io.IOException e) {
            System.out.println("000");
        }
    }
}
