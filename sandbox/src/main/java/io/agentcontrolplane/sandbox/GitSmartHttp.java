package io.agentcontrolplane.sandbox;

import com.sun.net.httpserver.HttpExchange;
import io.agentcontrolplane.sandbox.Model.Repo;
import io.agentcontrolplane.sandbox.Model.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Git's smart HTTP protocol (v0/v1) on the sandbox's port, so clients can clone, fetch and push
 * {@code http://127.0.0.1:PORT/owner/repo.git} with JGit's UploadPack/ReceivePack. Public
 * repositories can be cloned anonymously; pushing (and reading private repositories) needs a token
 * as the Basic-auth password (any user name, e.g. {@code x-access-token}) and write permission.
 */
final class GitSmartHttp {

  static final Pattern PATH = Pattern.compile("^/([^/]+)/([^/]+?)(?:\\.git)?/(info/refs|git-upload-pack|git-receive-pack)$");

  private final GitHubSandbox sb;

  GitSmartHttp(GitHubSandbox sb) {
    this.sb = sb;
  }

  /** Serves the exchange if it is a git request; returns false to let the REST API handle it. */
  boolean serve(HttpExchange ex, String path, String query) throws IOException {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return false;
    }
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String op = m.group(3);
    String service = op.equals("info/refs") ? Api.parseQuery(query).get("service") : op;
    sb.counters().request(method, "/{owner}/{repo}.git/" + op);
    if (!"git-upload-pack".equals(service) && !"git-receive-pack".equals(service)) {
      reply(ex, 403, "unsupported service");
      return true;
    }
    boolean push = service.equals("git-receive-pack");
    Repo repo;
    Permission perm;
    String token = token(ex.getRequestHeaders().getFirst("Authorization"));
    sb.lock.lock();
    try {
      repo = sb.repos.get((m.group(1) + "/" + m.group(2)).toLowerCase(Locale.ROOT));
      User user = token == null ? null : sb.userOrNull(sb.tokens.get(token));
      if (token != null && user == null) {
        challenge(ex);
        return true;
      }
      perm = repo == null ? Permission.NONE
          : user == null ? (repo.isPrivate ? Permission.NONE : Permission.READ) : Api.permission(repo, user);
    } finally {
      sb.lock.unlock();
    }
    if (repo == null || !perm.atLeast(Permission.READ) || (push && !perm.atLeast(Permission.WRITE))) {
      if (token == null) {
        challenge(ex);
      } else {
        reply(ex, repo == null || !perm.atLeast(Permission.READ) ? 404 : 403,
            "Permission to " + m.group(1) + "/" + m.group(2) + " denied.");
      }
      return true;
    }
    if (op.equals("info/refs")) {
      ex.getResponseHeaders().set("Content-Type", "application/x-" + service + "-advertisement");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream os = ex.getResponseBody()) {
        PacketLineOut pck = new PacketLineOut(os);
        pck.writeString("# service=" + service + "\n");
        pck.end();
        RefAdvertiser.PacketLineOutRefAdvertiser adv = new RefAdvertiser.PacketLineOutRefAdvertiser(pck);
        if (push) {
          ReceivePack rp = new ReceivePack(repo.git.repository());
          rp.setBiDirectionalPipe(false);
          rp.sendAdvertisedRefs(adv);
        } else {
          UploadPack up = new UploadPack(repo.git.repository());
          up.setBiDirectionalPipe(false);
          up.sendAdvertisedRefs(adv);
        }
      }
      return true;
    }
    if (!method.equals("POST")) {
      reply(ex, 405, "POST expected");
      return true;
    }
    InputStream in = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    ex.getResponseHeaders().set("Content-Type", "application/x-" + service + "-result");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream os = ex.getResponseBody()) {
      if (push) {
        sb.lock.lock(); // ref updates must not interleave with merges
        try {
          ReceivePack rp = new ReceivePack(repo.git.repository());
          rp.setBiDirectionalPipe(false);
          rp.receive(in, os, null);
          repo.pushedAt = sb.now();
        } finally {
          sb.lock.unlock();
        }
      } else {
        UploadPack up = new UploadPack(repo.git.repository());
        up.setBiDirectionalPipe(false);
        up.upload(in, os, null);
      }
    }
    return true;
  }

  private static String token(String auth) {
    if (auth == null) {
      return null;
    }
    String[] parts = auth.trim().split(" ", 2);
    if (parts.length != 2) {
      return null;
    }
    String scheme = parts[0].toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      String dec = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
      int colon = dec.indexOf(':');
      return colon < 0 ? dec : dec.substring(colon + 1);
    }
    return scheme.equals("token") || scheme.equals("bearer") ? parts[1].trim() : null;
  }

  private static void challenge(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"GitHub\"");
    reply(ex, 401, "Authentication required");
  }

  private static void reply(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }
}
