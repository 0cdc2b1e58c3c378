/**
 * Gossip-based peer sampling (Jelasity, Voulgaris, Guerraoui, Kermarrec, van Steen, ACM TOCS 2007):
 * the view and its merge ({@code protocol}), the bootstrap network ({@code bootstrap}), an Agrona agent
 * runtime ({@code runtime}), a deterministic cycle-driven simulator ({@code sim}), the course's elastic
 * scenario ({@code scenario}), overlay analysis ({@code analysis}), plots ({@code plot}) and the paper's
 * experiments ({@code paper}).
 */
package dev.starling.sampling;
