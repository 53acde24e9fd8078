import type { ContactOutput } from '../contact.js';

// Only http(s) pictures: a javascript: or data: URL from a hostile profile never reaches the DOM.
const httpUrl = /^https?:\/\//i;

/**
 * Who the SDK thinks the user is: avatar, name, email or userId, companies.
 * @param props.contact - `getIdentity()`, or null when nobody is identified
 */
export function Identity({ contact }: { contact: ContactOutput | null }) {
  if (!contact) return <p class="identity empty">Nobody identified</p>;
  const { name, email, userId, profilePicture, companies } = contact;
  const picture = profilePicture && httpUrl.test(profilePicture) ? profilePicture : undefined;
  return (
    <div class="identity">
      {picture ? (
        <img class="avatar" src={picture} alt="" referrerpolicy="no-referrer" width={36} height={36} />
      ) : (
        <span class="avatar" aria-hidden="true">
          {(name || email || userId || '?').charAt(0).toUpperCase()}
        </span>
      )}
      <div>
        <p class="name">{name || '(no name)'}</p>
        <p class="id">{email || userId}</p>
        {email && userId && <p class="id">userId {userId}</p>}
        {companies && companies.length > 0 && <p class="companies">{companies.map((company) => company.name).join(', ')}</p>}
      </div>
    </div>
  );
}
