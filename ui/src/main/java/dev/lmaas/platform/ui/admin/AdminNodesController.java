package dev.lmaas.platform.ui.admin;

import dev.lmaas.platform.ui.port.ClusterOverview;
import dev.lmaas.platform.ui.port.NodeStatus;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Admin: inference nodes, their load and heartbeat, and the models (version, digest, state) each serves. */
@Controller
class AdminNodesController {

    private final ObjectProvider<ClusterOverview> cluster;

    AdminNodesController(ObjectProvider<ClusterOverview> cluster) {
        this.cluster = cluster;
    }

    @GetMapping("/admin/nodes")
    String nodes(Model model) {
        ClusterOverview overview = cluster.getIfAvailable();
        model.addAttribute("available", overview != null);
        List<NodeStatus> nodes = overview == null ? List.of() : overview.nodes().stream().sorted(Comparator.comparing(NodeStatus::id)).toList();
        model.addAttribute("nodes", nodes);
        model.addAttribute("ready", nodes.stream().filter(NodeStatus::ready).count());
        model.addAttribute("modelCount", nodes.stream().flatMap(n -> n.models().stream()).map(NodeStatus.Model::id).distinct().count());
        return "admin/nodes";
    }
}
