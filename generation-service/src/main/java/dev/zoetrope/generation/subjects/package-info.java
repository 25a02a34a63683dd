/**
 * Subject conditioning from cameo recordings: {@link
 * dev.zoetrope.generation.subjects.SubjectEncoder} measures a character's look and voice from an
 * untrusted MP4 and names it in words the prompt tokenizer knows, so a generation can be
 * conditioned on "this character" by appending {@link
 * dev.zoetrope.generation.subjects.SubjectDescription#phrase()} to the prompt.
 */
package dev.zoetrope.generation.subjects;
