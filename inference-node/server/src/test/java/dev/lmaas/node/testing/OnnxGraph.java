package dev.lmaas.node.testing;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;

/**
 * A minimal ONNX graph writer on the protobuf classes that ship in {@code tribuo-util-onnx}: enough
 * to build the tiny seeded models the tests serve (opset 13, float and int64 tensors).
 */
final class OnnxGraph {

    private final OnnxMl.GraphProto.Builder graph;
    private final String prefix;
    private final java.util.Set<String> initializers = new java.util.HashSet<>();
    private int counter;

    OnnxGraph() {
        this("tiny", "");
    }

    /** A graph whose generated value names start with {@code prefix}: a branch of an {@code If} node. */
    OnnxGraph(String name, String prefix) {
        this.graph = OnnxMl.GraphProto.newBuilder().setName(name);
        this.prefix = prefix;
    }

    /** A graph input or output; a String dim is symbolic (dynamic), a Number is fixed. */
    void input(String name, DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    String floats(String name, float[] data, long... shape) {
        if (!initializers.add(name)) {
            return name; // both branches of a merged graph share the outer graph's weights
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber());
        for (long d : shape) {
            t.addDims(d);
        }
        for (float f : data) {
            t.addFloatData(f);
        }
        graph.addInitializer(t);
        return name;
    }

    String longs(String name, long[] data, long... shape) {
        if (!initializers.add(name)) {
            return name;
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DataType.INT64.getNumber());
        for (long d : shape) {
            t.addDims(d);
        }
        for (long v : data) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a node with one output and returns that output's name (or {@code output} when given). */
    String op(String opType, List<String> inputs, String output, OnnxMl.AttributeProto... attributes) {
        String out = output != null ? output : prefix + opType.toLowerCase() + "_" + (counter++);
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(out + "_node").addOutput(out);
        inputs.forEach(node::addInput);
        for (OnnxMl.AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
        return out;
    }

    /** Adds a node with several named outputs (an {@code If} over branches). */
    void multiOutputOp(String opType, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attributes) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(prefix + opType.toLowerCase() + "_" + (counter++));
        inputs.forEach(node::addInput);
        outputs.forEach(node::addOutput);
        for (OnnxMl.AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
    }

    String op(String opType, String... inputs) {
        return op(opType, List.of(inputs), null);
    }

    static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    static OnnxMl.AttributeProto graphAttribute(String name, OnnxGraph body) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.GRAPH)
                .setG(body.graph).build();
    }

    byte[] toBytes() {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("lmaas-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                dim.setDimParam(d.toString());
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(type.getNumber()).setShape(shape)))
                .build();
    }
}
