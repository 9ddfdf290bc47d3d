import { useAuth } from "../app/AuthContext";
import { SettingsNav } from "../components/SettingsNav";
import { BannedUsersSection } from "../moderation/BannedUsersSection";
import { ChatRulesSection } from "../moderation/ChatRulesSection";
import { ModeratorsSection } from "../moderation/ModeratorsSection";

/**
 * `/settings/moderation`: the signed-in creator's channel — who moderates it, the chat rules of
 * all their streams, and who is banned from them.
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
        <BannedUsersSection creatorHandle={user.handle} />
      ) : null}
    </section>
  );
}
