package dev.lmaas.node.testing;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;

/**
 * A minimal ONNX graph writer on the protobuf classes that ship in {@code tribuo-util-onnx}: enough
 * to build the tiny seeded models the tests serve (opset 13, float and int64 tensors).
 */
final class OnnxGraph {

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("tiny");
    private int counter;

    /** A graph input or output; a String dim is symbolic (dynamic), a Number is fixed. */
    void input(String name, DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    String floats(String name, float[] data, long... shape) {
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
        String out = output != null ? output : opType.toLowerCase() + "_" + (counter++);
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(out + "_node").addOutput(out);
        inputs.forEach(node::addInput);
        for (OnnxMl.AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
        return out;
    }

    String op(String opType, String... inputs) {
        return op(opType, List.of(inputs), null);
    }

    static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
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
