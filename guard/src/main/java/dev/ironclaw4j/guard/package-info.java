/**
 * The security kernel of ironclaw4j: the one tool pipeline, the vault, egress, the leak detector, the
 * safety layer, approvals and audit. Depends on no other module of the product.
 */
package dev.ironclaw4j.guard;
