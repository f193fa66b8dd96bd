package dev.lmaas.platform.api.language;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One detector per process: its models load once at start (about 0.3 s), not on the first request. */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration {

    @Bean
    TextLanguages textLanguages(@Value("${lmaas.api.fallback-language:en}") String fallback) {
        return new TextLanguages(fallback);
    }
}
