import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Tiny HTTP client for the ./lmaas script (no curl needed): prints the status of GET url, or with
 * --print the body too. Usage: java HttpProbe.java URL [BEARER] [--print]
 */
public class HttpProbe {
    public static void main(String[] args) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(30));
        boolean print = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--print")) {
                print = true;
            } else {
                b.header("Authorization", "Bearer " + args[i]);
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
