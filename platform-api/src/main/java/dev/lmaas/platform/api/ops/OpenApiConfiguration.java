package dev.lmaas.platform.api.ops;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tenant API's OpenAPI 3 document ({@code /v3/api-docs}), browsable at {@code /swagger-ui.html}. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI lmaasOpenApi() {
        return new OpenAPI()
                .info(new Info().title("LMaaS tenant API").version("v1")
                        .description("OpenAI-compatible embeddings and model list, task endpoints (classifications, summaries, translations), "
                                + "the plain {\"text\"} → {\"output_text\"} shape, usage and audit. Errors use OpenAI's shape "
                                + "{\"error\":{\"message\",\"type\",\"param\",\"code\"}}."))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("An API key: lmk_...")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
