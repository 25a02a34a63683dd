/**
 * Trains the generator ({@code dev.zoetrope.generation.model}) on clips rendered on the fly from
 * the procedural world ({@code dev.zoetrope.generation.world}): a plain command-line program, no
 * Spring.
 */
package dev.zoetrope.generation.training;
