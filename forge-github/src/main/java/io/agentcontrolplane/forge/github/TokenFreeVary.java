package io.agentcontrolplane.forge.github;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that drops {@code Authorization} from a response's {@code Vary} before OkHttp's cache sees
 * it. OkHttp's {@code Cache.Entry} writes the request headers a response varies on into the cache file, and GitHub
 * varies on {@code Authorization}: without this the token would sit in plain text under {@code http-cache}. One cache
 * directory serves one profile, so one token: matching on it adds nothing. {@code Vary: *} is left alone (OkHttp
 * does not cache such a response at all).
 */
final class TokenFreeVary implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        List<String> vary = response.headers("Vary");
        if (vary.isEmpty()) {
            return response;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String value : vary) {
            for (String field : value.split(",")) {
                String name = field.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (name.toLowerCase(Locale.ROOT).equals("authorization")) {
                    dropped = true;
                } else {
                    kept.add(name);
                }
            }
        }
        if (!dropped) {
            return response;
        }
        Response.Builder rewritten = response.newBuilder().removeHeader("Vary");
        if (!kept.isEmpty()) {
            rewritten.header("Vary", String.join(", ", kept));
        }
        return rewritten.build();
    }
}
