package io.agentcontrolplane.sandbox;

import java.util.List;
import java.util.Map;

/**
 * One request/response pair as the sandbox answered it, handed to exchange listeners (tests use
 * this to validate every body against the OpenAPI schema).
 *
 * @param route the matched route template (an OpenAPI path such as {@code /repos/{owner}/{repo}/issues}), or null
 * @param body the response body as sent (empty for 204/304 and for dropped connections)
 * @param faulted whether an injected fault produced this response
 */
public record RecordedExchange(String method, String path, String query, String route, int status,
    Map<String, List<String>> responseHeaders, String body, boolean faulted) {}
