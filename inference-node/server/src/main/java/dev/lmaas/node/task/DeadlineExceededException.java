package dev.lmaas.node.task;

/** A request's deadline passed before its inputs ran. */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException() {
        super("the request's deadline passed before the model ran it");
    }
}
