package dev.lmaas.node;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** A stateless inference node: loads models, runs them with ONNX Runtime, registers with the control plane. */
@SpringBootApplication
@EnableConfigurationProperties(NodeProperties.class)
public class NodeApplication {

    public static void main(String[] args) {
        SpringApplication.run(NodeApplication.class, args);
    }
}
