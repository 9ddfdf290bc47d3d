import { useAuth } from "../app/AuthContext";
import { SettingsNav } from "../components/SettingsNav";
import { BannedUsersSection } from "../moderation/BannedUsersSection";
import { ChatRulesSection } from "../moderation/ChatRulesSection";
import { ModerationLogSection } from "../moderation/ModerationLogSection";
import { ModeratorsSection } from "../moderation/ModeratorsSection";

/**
 * `/settings/moderation`: the signed-in creator's channel — who moderates it, the chat rules of
 * all their streams, who is banned from them, and the log of what was done.
 */
export function ModerationSettingsScreen() {
  const { user } = useAuth();
  return (
    <section className="screen settings">
      <SettingsNav />
      <h1>Moderation</h1>
      <ModeratorsSection />
      <ChatRulesSection />
      {user !== null ? (
        <>
          <BannedUsersSection creatorHandle={user.handle} />
          <ModerationLogSection channel={user.handle} />
        </>
      ) : null}
    </section>
  );
}
