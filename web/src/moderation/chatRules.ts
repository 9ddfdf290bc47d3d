import type { ChatSettings } from "../api/client";

/** What the server takes (API.md): 0..300 s of slow mode, ≤ 500 words of 1..50 characters. */
export const maxBlockedWords = 500;
export const maxBlockedWordChars = 50;

/** The longest minimum follow time for followers-only chat: 90 days, in minutes. */
export const maxFollowMinutes = 129_600;

/** The slow-mode choices offered, in seconds (0: off). */
export const slowModeChoices: readonly number[] = [0, 5, 10, 30, 60, 120, 300];

/** 0 → "Off", 30 → "30 seconds", 120 → "2 minutes". */
export function slowModeLabel(seconds: number): string {
  if (seconds === 0) return "Off";
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** The blocked words as the textarea shows them: one per line. */
export function blockedWordsText(words: readonly string[]): string {
  return words.join("\n");
}

/**
 * The textarea's lines as the server's list: trimmed, blank lines left out, each once. An error
 * sentence instead when a line is too long or there are too many.
 */
export function parseBlockedWords(
  text: string,
): { words: string[] } | { error: string } {
  const words: string[] = [];
  for (const line of text.split("\n")) {
    const word = line.trim();
    if (word !== "" && !words.includes(word)) words.push(word);
  }
  const tooLong = words.find((w) => Array.from(w).length > maxBlockedWordChars);
  if (tooLong !== undefined) {
    const shown =
      Array.from(tooLong).length > 20
        ? `${Array.from(tooLong).slice(0, 20).join("")}…`
        : tooLong;
    return {
      error: `Each blocked word or phrase can have at most ${maxBlockedWordChars} characters: "${shown}" is longer.`,
    };
  }
  if (words.length > maxBlockedWords)
    return {
      error: `You can block at most ${maxBlockedWords} words or phrases; there are ${words.length}.`,
    };
  return { words };
}

/**
 * The minimum follow time as typed: a whole number of minutes from 0 to {@link maxFollowMinutes}
 * (blank counts as 0), or an error sentence.
 */
export function parseFollowMinutes(
  text: string,
): { minutes: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { minutes: 0 };
  const minutes = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(minutes) || minutes > maxFollowMinutes)
    return {
      error: `The minimum follow time is a whole number of minutes from 0 to ${maxFollowMinutes.toLocaleString("en")} (90 days).`,
    };
  return { minutes };
}

/** The server's settings, as the form edits them. */
export interface ChatRulesForm {
  slowModeSeconds: number;
  followersOnlyChat: boolean;
  /** Minutes, as typed. */
  followersOnlyMinutes: string;
  blockedWords: string;
}

export function formFromSettings(settings: ChatSettings): ChatRulesForm {
  return {
    slowModeSeconds: settings.slowModeSeconds,
    followersOnlyChat: settings.followersOnlyChat,
    followersOnlyMinutes: String(settings.followersOnlyMinutes ?? 0),
    blockedWords: blockedWordsText(settings.blockedWords),
  };
}
