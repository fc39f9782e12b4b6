package io.iotstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotstream.tools.model.ModelCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The example CI workflow runs command lines the real CLIs accept, with what the workflow defines. */
class CiWorkflowTest {

    private static final JsonNode WORKFLOW = Manifests.parseFile(
            Manifests.repo().resolve(".github/workflows/retrain.yml")).get(0);

    /** Variables a step sees: the workflow's and the step's env, GitHub's own, expressions as placeholders. */
    private static Map<String, String> vars(JsonNode step) {
        Map<String, String> vars = new HashMap<>(Map.of("GITHUB_SHA", "0123abc", "GITHUB_ACTOR", "octocat",
                "RUNNER_TEMP", "/tmp/runner", "GITHUB_OUTPUT", "/tmp/out", "GITHUB_STEP_SUMMARY", "/tmp/summary"));
        WORKFLOW.path("env").properties().forEach(e -> vars.put(e.getKey(), e.getValue().asText()));
        step.path("env").properties().forEach(e -> vars.put(e.getKey(), e.getValue().asText()
                .replaceAll("\\$\\{\\{.*\\|\\| '([^']*)' }}", "$1")));
        return vars;
    }

    private static JsonNode step(String job, String nameOrId) {
        for (JsonNode s : WORKFLOW.path("jobs").path(job).path("steps")) {
            if (nameOrId.equals(s.path("id").asText()) || nameOrId.equals(s.path("name").asText())) {
                return s;
            }
        }
        throw new AssertionError("no step " + nameOrId + " in job " + job);
    }

    /** The words of the command starting with {@code ./iotstream <command>} in a step's script. */
    private static List<List<String>> commands(JsonNode step, String command) {
        String script = step.path("run").asText().replace("\\\n", " ");
        return script.lines().map(String::strip).filter(l -> l.startsWith("./iotstream " + command + " "))
                .map(l -> ShellWords.split(l, vars(step))).map(w -> w.subList(1, w.size())).toList();
    }

    @Test
    void shouldRunARetrainTheTrainingCliAccepts() {
        List<List<String>> retrains = commands(step("retrain", "retrain"), "retrain");
        assertThat(retrains).hasSize(1);
        CommandLine.ParseResult parsed = ManifestConsistencyTest.trainingCommandLine(Map.of())
                .parseArgs(retrains.get(0).toArray(String[]::new));
        CommandLine.ParseResult retrain = parsed.subcommand();
        assertThat(retrain.commandSpec().name()).isEqualTo("retrain");
        assertThat(retrain.matchedOptionValue("--gate", "")).isEqualTo("auc>=0.97");
        assertThat(retrain.matchedOptionValue("--max-regression", 0.0)).isEqualTo(0.005);
        assertThat(retrain.matchedOptionValue("--store", "")).isEqualTo("s3://iotstream-models/dev");
        assertThat(step("retrain", "retrain").path("run").asText()).contains("0) ", "3) ");
    }

    @Test
    void shouldPromoteToProdWithModelCommandsThatParse() {
        JsonNode promote = step("promote-to-prod", "Promote dev's live model to prod");
        List<List<String>> models = commands(promote, "model");
        assertThat(models).hasSize(3);
        for (List<String> args : models) {
            // "model inspect ..." -> the model command's own arguments
            ModelCommand.newCommandLine(new ModelCommand(Map.of(), Map.of()))
                    .parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        }
        assertThat(WORKFLOW.path("jobs").path("promote-to-prod").path("environment").asText()).isEqualTo("production");
    }
}
