package dev.lmaas.platform.ui.port;

import java.util.List;

/** The inference nodes and the models each serves (the node registry implements it). */
public interface ClusterOverview {

    List<NodeStatus> nodes();
}
