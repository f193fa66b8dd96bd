package dev.lmaas.platform.ui.playground;

import dev.lmaas.platform.ui.port.PlaygroundInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The playground's call as code to copy: curl, Python with {@code requests} and the OpenAI Python client, all against
 * the platform's real base URL. Embeddings use OpenAI's {@code /v1/embeddings}; translations {@code /v1/translations};
 * every other task the brief's own shape, {@code POST /v1/models} with {@code {"text": ...}} answering
 * {@code {"output_text": ...}}. The model is the one chosen (an alias routes again by the text's language).
 */
record PlaygroundExamples(String curl, String python, String openai) {

    static final int MAX_TEXT = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static PlaygroundExamples of(String baseUrl, PlaygroundInput input) {
        String base = baseUrl.replaceAll("/+$", "");
        String text = input.text().length() > MAX_TEXT ? input.text().substring(0, MAX_TEXT) : input.text();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", input.model());
        String path;
        String answer;
        String openaiCall;
        if ("embedding".equals(input.task())) {
            path = "/embeddings";
            body.put("input", List.of(text));
            answer = "[\"data\"][0][\"embedding\"][:8]";
            openaiCall = "vector = client.embeddings.create(model=" + str(input.model()) + ", input=[" + str(text) + "]).data[0].embedding\n"
                    + "print(len(vector), vector[:8])";
        } else {
            if (input.translation()) {
                path = "/translations";
                body.put("input", text);
                if (input.sourceLanguage() != null) {
                    body.put("source_language", input.sourceLanguage());
                }
                body.put("target_language", input.targetLanguage());
            } else {
                path = "/models";
                body.put("text", text);
            }
            answer = "[\"output_text\"]";
            openaiCall = "# OpenAI's client sends any other call of this API with client.post\n"
                    + "answer = client.post(" + str(path) + ", cast_to=httpx.Response, body=" + dict(body) + ")\n"
                    + "print(answer.json()[\"output_text\"])";
        }
        String curl = "curl " + base + "/v1" + path + " \\\n  -H \"Authorization: Bearer $LMAAS_API_KEY\" \\\n"
                + "  -H \"Content-Type: application/json\" \\\n  -d '" + JSON.writeValueAsString(body).replace("'", "'\\''") + "'";
        String python = "import os\nimport requests\n\n"
                + "answer = requests.post(\n    " + str(base + "/v1" + path) + ",\n"
                + "    headers={\"Authorization\": \"Bearer \" + os.environ[\"LMAAS_API_KEY\"]},\n"
                + "    json=" + dict(body) + ",\n    timeout=60,\n)\n"
                + "answer.raise_for_status()\nprint(answer.json()" + answer + ")";
        String openai = (openaiCall.contains("httpx") ? "import os\n\nimport httpx\nfrom openai import OpenAI\n\n" : "import os\n\nfrom openai import OpenAI\n\n")
                + "client = OpenAI(base_url=" + str(base + "/v1") + ", api_key=os.environ[\"LMAAS_API_KEY\"])\n" + openaiCall;
        return new PlaygroundExamples(curl, python, openai);
    }

    /** A Python string literal: a JSON string is one (same escapes), Chinese text included. */
    private static String str(String s) {
        return JSON.writeValueAsString(s);
    }

    /** A Python dict literal of strings and lists of strings, written as JSON with spaces after separators. */
    private static String dict(Map<String, Object> body) {
        StringBuilder out = new StringBuilder("{");
        body.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(str(k)).append(": ").append(v instanceof List<?> l ? "[" + String.join(", ", l.stream().map(x -> str((String) x)).toList()) + "]"
                    : str((String) v));
        });
        return out.append('}').toString();
    }
}
