import dev.ironclaw4j.toolsmith.sdk.AllowHttp;
import dev.ironclaw4j.toolsmith.sdk.Http;
import dev.ironclaw4j.toolsmith.sdk.Json;
import dev.ironclaw4j.toolsmith.sdk.Param;
import dev.ironclaw4j.toolsmith.sdk.Secret;
import dev.ironclaw4j.toolsmith.sdk.Secrets;
import dev.ironclaw4j.toolsmith.sdk.Tool;
import dev.ironclaw4j.toolsmith.sdk.ToolError;
import dev.ironclaw4j.toolsmith.sdk.ToolFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GitHub-style API client: one HTTP rule, one secret it mentions only as a placeholder. The token is
 * injected by egress (and only for the host the vault binds it to); the tool never sees it.
 */
@Tool(name = "github_issues", description = "Lists the open issues of a GitHub repository: number and title of each.")
@Param(name = "repo", type = "string", description = "the repository, owner/name")
@AllowHttp(value = "https://api.github.com/repos/*", methods = {"GET"})
@Secret("GITHUB_TOKEN")
public final class IssueLister implements ToolFunction {
  static final String API = "https://api.github.com";

  @Override
  public Json call(Json input) {
    String repo = input.get("repo").asString();
    if (!repo.matches("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}")) {
      throw new ToolError("repo must look like owner/name");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + Secrets.placeholder("GITHUB_TOKEN"));
    headers.put("Accept", "application/vnd.github+json");
    Http.Response r = Http.get(API + "/repos/" + repo + "/issues?state=open", headers);
    if (r.status() != 200) {
      throw new ToolError("the API answered " + r.status());
    }
    Json issues = Json.array();
    for (Json issue : r.json().elements()) {
      issues.add(Json.object().put("number", issue.get("number").asLong()).put("title", issue.get("title").asString("")));
    }
    return Json.object().put("repo", repo).put("issues", issues);
  }
}
