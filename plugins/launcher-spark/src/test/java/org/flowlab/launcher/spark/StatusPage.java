package org.flowlab.launcher.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.flowlab.runner.store.StoreJson;

/** A test cluster daemon's JSON status page (Spark's master, YARN's ResourceManager). */
final class StatusPage {

    private StatusPage() {
    }

    /** @return the page, or an empty object while the daemon does not answer (yet) */
    static JsonNode read(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return StoreJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return StoreJson.object();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StoreJson.object();
        }
    }
}
