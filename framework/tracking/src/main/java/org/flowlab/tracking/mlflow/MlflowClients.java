package org.flowlab.tracking.mlflow;

import java.lang.reflect.Field;
import org.mlflow.tracking.MlflowClient;
import org.mlflow_project.apachehttp.client.config.RequestConfig;
import org.mlflow_project.apachehttp.impl.client.CloseableHttpClient;
import org.mlflow_project.apachehttp.impl.client.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the official {@link MlflowClient} with the two things its 2.17.2 release cannot be configured for:
 * time limits (it builds an Apache HttpClient with none, so a stalled server hangs a call forever) and its
 * own retries switched off (it retries every HTTP error, 4xx included, three times at once, and backs off
 * from 429 for up to 60 s; {@link Retrier} does this our way). Both live in the package-private
 * {@code MlflowHttpCaller}, so they are set by reflection; if a future client renames those fields the
 * client still works, only without our limits, and a warning says so.
 */
public final class MlflowClients {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowClients.class);

    private MlflowClients() {
    }

    public static MlflowClient create(MlflowEndpoint endpoint, TrackingSettings settings) {
        MlflowClient client = new MlflowClient(endpoint.credentials());
        try {
            harden(client, endpoint, settings);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not set time limits on the MLflow client ({}); requests may wait without limit", e.toString());
        }
        return client;
    }

    private static void harden(MlflowClient client, MlflowEndpoint endpoint, TrackingSettings settings)
            throws ReflectiveOperationException {
        Object caller = field(MlflowClient.class, "httpCaller").get(client);
        Class<?> callerClass = caller.getClass();
        field(callerClass, "maxRetryAttempts").setInt(caller, 1);
        field(callerClass, "maxRateLimitIntervalMillis").setInt(caller, 0);
        if (endpoint.insecureTls()) {
            return; // the client builds its trust-all TLS setup itself; keep it rather than half-copy it
        }
        int connect = (int) settings.connectTimeout().toMillis();
        int socket = (int) settings.requestTimeout().toMillis();
        RequestConfig config = RequestConfig.custom().setConnectTimeout(connect).setSocketTimeout(socket)
                .setConnectionRequestTimeout(connect).build();
        CloseableHttpClient http = HttpClientBuilder.create().useSystemProperties().setDefaultRequestConfig(config)
                .setMaxConnPerRoute(8).setMaxConnTotal(16).build();
        field(callerClass, "httpClient").set(caller, http);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
