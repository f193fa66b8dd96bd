/**
 * The wire contract between inference nodes and the control plane: plain Java records, no
 * framework types, so both sides compile against exactly the same shapes.
 */
package dev.lmaas.node.protocol;
