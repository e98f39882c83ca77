package io.agentcontrolplane.forge.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.agentcontrolplane.core.forge.ForgeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.CacheControl;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Plain REST calls over the same OkHttp client (cache, meter) as hub4j, for what hub4j 1.330 lacks or does not do
 * safely: writes that must not be repeated behind our back (hub4j retries connection errors for every method), the
 * squash merge with title and expected head, re-running failed jobs, the collaborator role.
 *
 * <p>OkHttp's own silent retry is off for this client, so each call is sent at most once.
 */
public final class GitHubHttp {
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    private final OkHttpClient client;
    private final HttpUrl base;
    private final String authorization;
    private final RateGovernor governor;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param client a client whose interceptors include the profile's {@link RequestMeter}
     * @param apiUrl {@code https://api.github.com} or {@code https://host/api/v3}
     */
    public GitHubHttp(OkHttpClient client, String apiUrl, String token, RateGovernor governor) {
        this.client = client.newBuilder().retryOnConnectionFailure(false).build();
        this.base = Objects.requireNonNull(HttpUrl.parse(apiUrl.replaceAll("/+$", "")), "invalid API URL");
        this.authorization = "token " + Objects.requireNonNull(token, "token");
        this.governor = governor;
    }

    @Override
    public String toString() {
        return "GitHubHttp[" + base + "]"; // never the token
    }

    /** The API URL with these path segments appended (each encoded, slashes included). */
    public HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    /** A GET, revalidated against the cache (a 304 costs nothing); null body on 204. */
    public JsonNode get(HttpUrl url) throws ForgeException {
        return call("GET", url, null, true);
    }

    /** Every page of a list, following {@code Link: rel="next"}. */
    public List<JsonNode> getAll(HttpUrl url) throws ForgeException {
        List<JsonNode> out = new ArrayList<>();
        HttpUrl next = url.newBuilder().setQueryParameter("per_page", "100").build();
        while (next != null) {
            Page p = send("GET", next, null, true);
            p.body.forEach(out::add);
            next = p.next;
        }
        return out;
    }

    /**
     * Sends one request.
     *
     * @param safeToRepeat true for reads and idempotent writes; false when a lost answer leaves the outcome unknown
     */
    public JsonNode call(String method, HttpUrl url, Object body, boolean safeToRepeat) throws ForgeException {
        return send(method, url, body, safeToRepeat).body;
    }

    private record Page(JsonNode body, HttpUrl next) {
    }

    private Page send(String method, HttpUrl url, Object body, boolean safeToRepeat) throws ForgeException {
        String what = method + " " + url.encodedPath();
        Request.Builder rb = new Request.Builder().url(url)
                .header("Authorization", authorization)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
        if (method.equals("GET")) {
            rb.cacheControl(new CacheControl.Builder().maxAge(0, java.util.concurrent.TimeUnit.SECONDS).build());
            rb.get();
        } else {
            byte[] bytes;
            try {
                bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            rb.method(method, body == null && method.equals("DELETE") ? null : RequestBody.create(bytes, JSON_TYPE));
        }
        try (Response r = client.newCall(rb.build()).execute()) {
            ResponseBody rbody = r.body();
            String text = rbody == null ? "" : rbody.string();
            if (r.isSuccessful()) {
                JsonNode node = text.isBlank() ? NullNode.getInstance() : json.readTree(text);
                return new Page(node, next(r.header("Link")));
            }
            throw Errors.fromStatus(r.code(), text, what, safeToRepeat, governor, null);
        } catch (IOException e) {
            throw Errors.from(e, what, safeToRepeat, governor);
        }
    }

    private static HttpUrl next(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        return m.find() ? HttpUrl.parse(m.group(1)) : null;
    }
}
