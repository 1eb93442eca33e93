<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name></name>
    <message>
        <location filename="../cpdesk/ui/common/wording.py" line="58"/>
        <source>Too many searches in a short time. You can search again in {s} seconds.</source>
        <translation type="unfinished">Too many searches in a short time. You can search again in {s} seconds.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/wording.py" line="61"/>
        <source>The directory refused the search: {why}</source>
        <translation type="unfinished">The directory refused the search: {why}</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="94"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="101"/>
        <source>Sent. Your reference is:</source>
        <translation>Sent. Your reference is:</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="104"/>
        <source>Your reference</source>
        <translation>Your reference</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="105"/>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="107"/>
        <source>Copy the reference</source>
        <translation>Copy the reference</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="123"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="167"/>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="208"/>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ActivityView</name>
    <message>
        <location filename="../cpdesk/ui/together/activity_view.py" line="113"/>
        <source>My activity</source>
        <translation>My activity</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/activity_view.py" line="114"/>
        <source>Your own searches, record views and requests, newest first. The directory records each of them with your reason.</source>
        <translation>Your own searches, record views and requests, newest first. The directory records each of them with your reason.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/activity_view.py" line="125"/>
        <source>Loading your activity…</source>
        <translation>Loading your activity…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/activity_view.py" line="128"/>
        <source>Nothing yet: your searches and record views will be listed here.</source>
        <translation>Nothing yet: your searches and record views will be listed here.</translation>
    </message>
</context>
<context>
    <name>AlertsView</name>
    <message>
        <location filename="../cpdesk/ui/together/alerts_view.py" line="27"/>
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/alerts_view.py" line="28"/>
        <source>A practitioner at urgent or emergency care has told you, as the child&apos;s lead professional or area team, that the child is with them. Call them on the number shown. Search the directory ID to open the record.</source>
        <translation>A practitioner at urgent or emergency care has told you, as the child&apos;s lead professional or area team, that the child is with them. Call them on the number shown. Search the directory ID to open the record.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/alerts_view.py" line="40"/>
        <source>Loading your alerts…</source>
        <translation>Loading your alerts…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/alerts_view.py" line="43"/>
        <source>No alerts: when a child you work with attends urgent care and the practitioner there tells you, it is listed here.</source>
        <translation>No alerts: when a child you work with attends urgent care and the practitioner there tells you, it is listed here.</translation>
    </message>
</context>
<context>
    <name>AuditReviewView</name>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="52"/>
        <location filename="../cpdesk/ui/together/audit_view.py" line="74"/>
        <source>Audit review</source>
        <translation>Audit review</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="65"/>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="66"/>
        <source>Views in the last how many days</source>
        <translation>Views in the last how many days</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="67"/>
        <source>&amp;Last</source>
        <translation>&amp;Last</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="69"/>
        <source>&amp;Flagged views only</source>
        <translation>&amp;Flagged views only</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="75"/>
        <source>Every view of your area&apos;s children, with who looked, when and why. Flags mark views from outside your area, many views in a day, a child on the area&apos;s well-known list, and a child who may be the viewer&apos;s own family. Look into each with the person and their manager.</source>
        <translation>Every view of your area&apos;s children, with who looked, when and why. Flags mark views from outside your area, many views in a day, a child on the area&apos;s well-known list, and a child who may be the viewer&apos;s own family. Look into each with the person and their manager.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="82"/>
        <source>Record views</source>
        <translation>Record views</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="87"/>
        <source>&amp;Open record…</source>
        <translation type="unfinished">&amp;Open record…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="88"/>
        <source>Open the record of the selected view</source>
        <translation>Open the record of the selected view</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="97"/>
        <source>Purpose of the export</source>
        <translation>Purpose of the export</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="98"/>
        <source>For whom and why, e.g. the investigating officer and the case</source>
        <translation>For whom and why, e.g. the investigating officer and the case</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="101"/>
        <source>Export &amp;purpose</source>
        <translation>Export &amp;purpose</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="103"/>
        <source>&amp;Export to CSV…</source>
        <translation>&amp;Export to CSV…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="104"/>
        <source>Export the review to a CSV file</source>
        <translation>Export the review to a CSV file</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="118"/>
        <source>Loading the audit review…</source>
        <translation>Loading the audit review…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="141"/>
        <source>{n} views in the last {d} days; {f} flagged.</source>
        <translation>{n} views in the last {d} days; {f} flagged.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="144"/>
        <source>No views of your area&apos;s children in the last {d} days.</source>
        <translation>No views of your area&apos;s children in the last {d} days.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="158"/>
        <source>Save the audit review</source>
        <translation>Save the audit review</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="158"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="172"/>
        <source>Not exported: no file was chosen.</source>
        <translation>Not exported: no file was chosen.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="176"/>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="189"/>
        <source>The file could not be written ({why}). Choose another place and export again.</source>
        <translation>The file could not be written ({why}). Choose another place and export again.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="193"/>
        <source>Exported to {path}. The export is recorded with its purpose.</source>
        <translation>Exported to {path}. The export is recorded with its purpose.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/audit_view.py" line="224"/>
        <source>Only a ContactPoint manager can see and export the audit review.</source>
        <translation>Only a ContactPoint manager can see and export the audit review.</translation>
    </message>
</context>
<context>
    <name>ClipboardGuard</name>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="33"/>
        <source>Copied. The clipboard is cleared in {s} seconds.</source>
        <translation>Copied. The clipboard is cleared in {s} seconds.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="39"/>
        <source>phone number</source>
        <translation>phone number</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="40"/>
        <source>email address</source>
        <translation>email address</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="41"/>
        <source>directory ID</source>
        <translation>directory ID</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="42"/>
        <source>organisation name</source>
        <translation>organisation name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="43"/>
        <source>reference</source>
        <translation>reference</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="52"/>
        <source>Copy {owner}&apos;s {what}</source>
        <translation>Copy {owner}&apos;s {what}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="54"/>
        <source>Copy {what}</source>
        <translation>Copy {what}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/clipboard.py" line="58"/>
        <source>The clipboard is cleared.</source>
        <translation>The clipboard is cleared.</translation>
    </message>
</context>
<context>
    <name>ConsentBox</name>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="32"/>
        <location filename="../cpdesk/ui/together/consent_box.py" line="34"/>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="48"/>
        <source>Consent given on</source>
        <translation>Consent given on</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="53"/>
        <source>Given &amp;on</source>
        <translation>Given &amp;on</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="56"/>
        <source>Urgent ground</source>
        <translation>Urgent ground</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="60"/>
        <source>Choose the urgent ground…</source>
        <translation>Choose the urgent ground…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="61"/>
        <source>&amp;Ground</source>
        <translation>&amp;Ground</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="64"/>
        <source>Why consent was not sought</source>
        <translation>Why consent was not sought</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/consent_box.py" line="66"/>
        <source>&amp;Why not sought</source>
        <translation>&amp;Why not sought</translation>
    </message>
</context>
<context>
    <name>ContactRequestDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="114"/>
        <source>Message to the team</source>
        <translation>Message to the team</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="115"/>
        <source>&amp;Message</source>
        <translation>&amp;Message</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="120"/>
        <source>message</source>
        <translation>message</translation>
    </message>
</context>
<context>
    <name>ConveneDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="79"/>
        <source>Practitioners to invite</source>
        <translation>Practitioners to invite</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="81"/>
        <source>Invite</source>
        <translation>Invite</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="96"/>
        <source>Contact list</source>
        <translation>Contact list</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="104"/>
        <source>Meeting date and time</source>
        <translation>Meeting date and time</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="110"/>
        <source>&amp;Meeting at</source>
        <translation>&amp;Meeting at</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="112"/>
        <source>Copy contact &amp;list</source>
        <translation>Copy contact &amp;list</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="113"/>
        <source>Copy the contact list</source>
        <translation>Copy the contact list</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="115"/>
        <source>&amp;Save meeting file…</source>
        <translation>&amp;Save meeting file…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="116"/>
        <source>Save a meeting request file</source>
        <translation>Save a meeting request file</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="137"/>
        <source>Choose at least one practitioner to invite.</source>
        <translation>Choose at least one practitioner to invite.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="153"/>
        <source>Reference {ref}. Everyone&apos;s contact details:</source>
        <translation>Reference {ref}. Everyone&apos;s contact details:</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="159"/>
        <source>Close</source>
        <translation type="unfinished">Close</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="182"/>
        <source>Save the meeting request</source>
        <translation>Save the meeting request</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="183"/>
        <source>Calendar files (*.ics)</source>
        <translation>Calendar files (*.ics)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="191"/>
        <source>Not saved: no file was chosen.</source>
        <translation>Not saved: no file was chosen.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="200"/>
        <source>The file could not be written ({why}). Choose another place.</source>
        <translation>The file could not be written ({why}). Choose another place.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/convene_dialog.py" line="204"/>
        <source>Saved to {path}. Open it to send the invitation from your calendar.</source>
        <translation>Saved to {path}. Open it to send the invitation from your calendar.</translation>
    </message>
</context>
<context>
    <name>CrashBridge</name>
    <message>
        <location filename="../cpdesk/ui/shell/crash_bridge.py" line="66"/>
        <source>cpdesk</source>
        <translation>cpdesk</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/crash_bridge.py" line="67"/>
        <source>Something went wrong inside cpdesk. The screen has been locked to keep records safe. If it happens again, tell your IT service desk the time.</source>
        <translation>Something went wrong inside cpdesk. The screen has been locked to keep records safe. If it happens again, tell your IT service desk the time.</translation>
    </message>
</context>
<context>
    <name>DesktopPage</name>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="91"/>
        <source>Open a child from the results to see who is working with them.</source>
        <translation>Open a child from the results to see who is working with them.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="169"/>
        <source>Opening the record…</source>
        <translation>Opening the record…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="217"/>
        <source>Opening the shielded details…</source>
        <translation>Opening the shielded details…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="273"/>
        <source>Telling them…</source>
        <translation>Telling them…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="282"/>
        <source>Sent at {at} to the ContactPoint team. Reference {ref}.</source>
        <translation>Sent at {at} to the ContactPoint team. Reference {ref}.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="284"/>
        <source>Sent at {at} to the lead professional and the {team} ContactPoint team. Reference {ref}.</source>
        <translation>Sent at {at} to the lead professional and the {team} ContactPoint team. Reference {ref}.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="287"/>
        <source>Sent at {at} to the {team} ContactPoint team (the lead professional is not a directory user: call them). Reference {ref}.</source>
        <translation>Sent at {at} to the {team} ContactPoint team (the lead professional is not a directory user: call them). Reference {ref}.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="342"/>
        <source>Your involvement is recorded. Other practitioners see it now.</source>
        <translation>Your involvement is recorded. Other practitioners see it now.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="353"/>
        <source>The involvement is ended. It stays on the record, greyed, for 365 days.</source>
        <translation>The involvement is ended. It stays on the record, greyed, for 365 days.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/directory_page.py" line="366"/>
        <source>Asking for the shielded details…</source>
        <translation>Asking for the shielded details…</translation>
    </message>
</context>
<context>
    <name>EndInvolvementDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="347"/>
        <source>Involvement ended on</source>
        <translation>Involvement ended on</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="351"/>
        <source>&amp;Ended on</source>
        <translation>&amp;Ended on</translation>
    </message>
</context>
<context>
    <name>InaccuracyDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="72"/>
        <source>Section of the record</source>
        <translation>Section of the record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="73"/>
        <source>Choose a section…</source>
        <translation>Choose a section…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="78"/>
        <source>What is wrong</source>
        <translation>What is wrong</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="79"/>
        <source>&amp;Section</source>
        <translation>&amp;Section</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="80"/>
        <source>&amp;What is wrong</source>
        <translation>&amp;What is wrong</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="84"/>
        <source>Choose the section of the record that is wrong.</source>
        <translation>Choose the section of the record that is wrong.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="85"/>
        <source>description</source>
        <translation>description</translation>
    </message>
</context>
<context>
    <name>LineEdit</name>
    <message>
        <location filename="../cpdesk/ui/common/widgets.py" line="126"/>
        <source>Clear {field}</source>
        <translation>Clear {field}</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../cpdesk/ui/common/page.py" line="44"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished">&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/common/page.py" line="45"/>
        <source>Refresh: {title}</source>
        <translation>Refresh: {title}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="175"/>
        <source>ContactPoint directory</source>
        <translation>ContactPoint directory</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="177"/>
        <source>Find who else is working with a child, and how to reach them.</source>
        <translation>Find who else is working with a child, and how to reach them.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="203"/>
        <source>&amp;Try connecting again</source>
        <translation>&amp;Try connecting again</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="205"/>
        <source>Try connecting again</source>
        <translation>Try connecting again</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="218"/>
        <source>Connecting to {url}…</source>
        <translation>Connecting to {url}…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="221"/>
        <source>Signed-in user and role</source>
        <translation>Signed-in user and role</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="231"/>
        <source>Lock (Ctrl+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="233"/>
        <source>Lock the screen</source>
        <translation>Lock the screen</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="235"/>
        <source>Sign &amp;out</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="237"/>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="393"/>
        <source>Locked. Enter your PIN to unlock.</source>
        <translation>Locked. Enter your PIN to unlock.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="410"/>
        <source>Unlocked.</source>
        <translation>Unlocked.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="458"/>
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="469"/>
        <source>Locked · {who}</source>
        <translation>Locked · {who}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="483"/>
        <source>Security certificate</source>
        <translation>Security certificate</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="488"/>
        <source>Not signed in · {env} environment · server {sid} · API v{api} · cpdesk {ver}</source>
        <translation>Not signed in · {env} environment · server {sid} · API v{api} · cpdesk {ver}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/main_window.py" line="509"/>
        <source>Not connected to {url}</source>
        <translation>Not connected to {url}</translation>
    </message>
</context>
<context>
    <name>ManagerView</name>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="62"/>
        <location filename="../cpdesk/ui/together/manager_view.py" line="77"/>
        <source>Manager workspace</source>
        <translation>Manager workspace</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="81"/>
        <source>&amp;Refresh queue</source>
        <translation>&amp;Refresh queue</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="78"/>
        <source>Contact requests, inaccuracy reports and possible duplicate records for your local authority. Open an item, act on it, and resolve it with a note.</source>
        <translation>Contact requests, inaccuracy reports and possible duplicate records for your local authority. Open an item, act on it, and resolve it with a note.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="85"/>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="98"/>
        <source>Queue item</source>
        <translation>Queue item</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="113"/>
        <source>Other record</source>
        <translation>Other record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="105"/>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="106"/>
        <source>Directory ID</source>
        <translation>Directory ID</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="107"/>
        <source>Section</source>
        <translation>Section</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="108"/>
        <source>Raised by</source>
        <translation>Raised by</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="109"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="110"/>
        <source>Raised</source>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="111"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="112"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="118"/>
        <source>&amp;Open record…</source>
        <translation>&amp;Open record…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="120"/>
        <source>Open the child&apos;s record</source>
        <translation>Open the child&apos;s record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="122"/>
        <source>Copy phone number</source>
        <translation>Copy phone number</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="124"/>
        <source>Copy email address</source>
        <translation>Copy email address</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="126"/>
        <source>Open o&amp;ther record…</source>
        <translation>Open o&amp;ther record…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="128"/>
        <source>Open the other record</source>
        <translation>Open the other record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="139"/>
        <source>Resolution &amp;note</source>
        <translation>Resolution &amp;note</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="142"/>
        <source>Resolution note</source>
        <translation>Resolution note</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="146"/>
        <source>Re&amp;solve</source>
        <translation>Re&amp;solve</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="148"/>
        <source>Resolve with this note</source>
        <translation>Resolve with this note</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="170"/>
        <source>Loading the queue…</source>
        <translation>Loading the queue…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="234"/>
        <source>&amp;Outcome for the requester</source>
        <translation>&amp;Outcome for the requester</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="235"/>
        <source>Outcome for the requester</source>
        <translation>Outcome for the requester</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="239"/>
        <source>Outcome: {o}</source>
        <translation>Outcome: {o}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="242"/>
        <source>Are they the same &amp;child?</source>
        <translation>Are they the same &amp;child?</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="243"/>
        <source>Are they the same child?</source>
        <translation>Are they the same child?</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="250"/>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="276"/>
        <source>Write a note saying what was done.</source>
        <translation>Write a note saying what was done.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="281"/>
        <source>Choose the outcome the requester will see.</source>
        <translation>Choose the outcome the requester will see.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="283"/>
        <source>Say whether the two records are the same child.</source>
        <translation>Say whether the two records are the same child.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="286"/>
        <source>Resolving…</source>
        <translation>Resolving…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="303"/>
        <source>Resolved.</source>
        <translation>Resolved.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="326"/>
        <source>{n} open, {m} resolved.</source>
        <translation>{n} open, {m} resolved.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/manager_view.py" line="328"/>
        <source>The queue is empty.</source>
        <translation>The queue is empty.</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../cpdesk/ui/directory/override_dialog.py" line="34"/>
        <source>View shielded details</source>
        <translation>View shielded details</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/override_dialog.py" line="39"/>
        <source>Override the shield?</source>
        <translation>Override the shield?</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/override_dialog.py" line="46"/>
        <source>&amp;Justification (at least {n} characters)</source>
        <translation>&amp;Justification (at least {n} characters)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/override_dialog.py" line="51"/>
        <source>Justification for the override</source>
        <translation>Justification for the override</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/override_dialog.py" line="62"/>
        <source>&amp;Override and view</source>
        <translation>&amp;Override and view</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/override_dialog.py" line="64"/>
        <source>Override the shield and view the details</source>
        <translation>Override the shield and view the details</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/override_dialog.py" line="90"/>
        <source>{n} more characters needed.</source>
        <translation>{n} more characters needed.</translation>
    </message>
</context>
<context>
    <name>PageTabs</name>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="73"/>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="80"/>
        <source>Search</source>
        <translation type="unfinished">Search</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="80"/>
        <source>My activity</source>
        <translation type="unfinished">My activity</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="81"/>
        <source>Manager workspace</source>
        <translation type="unfinished">Manager workspace</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="81"/>
        <source>Access review</source>
        <translation type="unfinished">Access review</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="83"/>
        <source>Shielding</source>
        <translation type="unfinished">Shielding</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="85"/>
        <source>A&amp;lerts</source>
        <translation>A&amp;lerts</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/page_tabs.py" line="83"/>
        <source>A&amp;udit review</source>
        <translation>A&amp;udit review</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="65"/>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="83"/>
        <source>Reason for access</source>
        <translation>Reason for access</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="71"/>
        <source>Why are you opening this record?</source>
        <translation>Why are you opening this record?</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="74"/>
        <source>Your reason is recorded with every record you open.</source>
        <translation>Your reason is recorded with every record you open.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="79"/>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="84"/>
        <source>Choose a reason…</source>
        <translation>Choose a reason…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="99"/>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="195"/>
        <source>&amp;Details (optional)</source>
        <translation>&amp;Details (optional)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="103"/>
        <source>Details of the reason</source>
        <translation>Details of the reason</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="113"/>
        <source>&amp;Open record</source>
        <translation>&amp;Open record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="116"/>
        <source>Open record</source>
        <translation>Open record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="130"/>
        <source>Keys 1–6 choose the reasons in the list&apos;s order; 1–5 also open the record.</source>
        <translation>Keys 1–6 choose the reasons in the list&apos;s order; 1–5 also open the record.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="189"/>
        <source>&amp;Details (required)</source>
        <translation>&amp;Details (required)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/reason_dialog.py" line="192"/>
        <source>Say why in at least {n} characters ({left} more needed).</source>
        <translation>Say why in at least {n} characters ({left} more needed).</translation>
    </message>
</context>
<context>
    <name>RecordInvolvementDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="244"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="245"/>
        <source>Loading the list of services…</source>
        <translation>Loading the list of services…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="249"/>
        <source>Job title</source>
        <translation>Job title</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="251"/>
        <source>Involved since</source>
        <translation>Involved since</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="252"/>
        <source>I am the &amp;lead professional</source>
        <translation>I am the &amp;lead professional</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="254"/>
        <source>I am taking over as lead professional</source>
        <translation>I am taking over as lead professional</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="257"/>
        <source>I hold a &amp;CAF assessment for this child</source>
        <translation>I hold a &amp;CAF assessment for this child</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="259"/>
        <source>&amp;Service</source>
        <translation>&amp;Service</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="260"/>
        <source>&amp;Job title</source>
        <translation>&amp;Job title</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="261"/>
        <source>Involved s&amp;ince</source>
        <translation>Involved s&amp;ince</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="283"/>
        <source> (sensitive)</source>
        <translation> (sensitive)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="287"/>
        <source>Choose the service you work for</source>
        <translation>Choose the service you work for</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="294"/>
        <source>The list of services is not available</source>
        <translation>The list of services is not available</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="299"/>
        <source>The list of services could not be loaded. Close this window and try again.</source>
        <translation>The list of services could not be loaded. Close this window and try again.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="304"/>
        <source>Choose the service you work for.</source>
        <translation>Choose the service you work for.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/involvement_dialogs.py" line="306"/>
        <source>Enter your job title.</source>
        <translation>Enter your job title.</translation>
    </message>
</context>
<context>
    <name>RecordTogether</name>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="37"/>
        <source>Working together</source>
        <translation>Working together</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="45"/>
        <source>Possible duplicate</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="51"/>
        <source>Bring the team together</source>
        <translation>Bring the team together</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="50"/>
        <source>Bring the tea&amp;m together…</source>
        <translation>Bring the tea&amp;m together…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="53"/>
        <source>B&amp;rothers and sisters…</source>
        <translation>B&amp;rothers and sisters…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="54"/>
        <source>Show brothers and sisters</source>
        <translation>Show brothers and sisters</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="56"/>
        <source>As&amp;k for a shield…</source>
        <translation>As&amp;k for a shield…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="57"/>
        <source>Ask for a shield</source>
        <translation>Ask for a shield</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="65"/>
        <location filename="../cpdesk/ui/directory/record_together.py" line="68"/>
        <location filename="../cpdesk/ui/directory/record_together.py" line="73"/>
        <source>Brothers and sisters</source>
        <translation>Brothers and sisters</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="78"/>
        <source>Open brother&apos;s or sister&apos;s record…</source>
        <translation>Open brother&apos;s or sister&apos;s record…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="80"/>
        <source>Open the selected brother&apos;s or sister&apos;s record</source>
        <translation>Open the selected brother&apos;s or sister&apos;s record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="89"/>
        <location filename="../cpdesk/ui/directory/record_together.py" line="92"/>
        <source>Consent recorded</source>
        <translation>Consent recorded</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="132"/>
        <source>Looking for brothers and sisters…</source>
        <translation>Looking for brothers and sisters…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="145"/>
        <source>Brothers and sisters in the directory: {n}. Each record is opened with a reason of its own.</source>
        <translation>Brothers and sisters in the directory: {n}. Each record is opened with a reason of its own.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_together.py" line="147"/>
        <source>No brothers or sisters can be shown.</source>
        <translation>No brothers or sisters can be shown.</translation>
    </message>
</context>
<context>
    <name>RecordView</name>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="149"/>
        <source>Child record</source>
        <translation>Child record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="108"/>
        <source>Child details</source>
        <translation>Child details</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="117"/>
        <source>&amp;Close record</source>
        <translation>&amp;Close record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="118"/>
        <source>Close record</source>
        <translation>Close record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="130"/>
        <source>Born</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="131"/>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="134"/>
        <source>Directory ID</source>
        <translation>Directory ID</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="135"/>
        <location filename="../cpdesk/ui/directory/record_view.py" line="598"/>
        <location filename="../cpdesk/ui/directory/record_view.py" line="680"/>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="142"/>
        <source>Local authority</source>
        <translation>Local authority</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="178"/>
        <source>Record details</source>
        <translation>Record details</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="189"/>
        <source>Shielded record</source>
        <translation>Shielded record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="192"/>
        <source>Sensitive services</source>
        <translation>Sensitive services</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="196"/>
        <source>Re&amp;quest contact</source>
        <translation>Re&amp;quest contact</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="197"/>
        <source>Request contact through the ContactPoint team</source>
        <translation>Request contact through the ContactPoint team</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="200"/>
        <source>&amp;View shielded details…</source>
        <translation>&amp;View shielded details…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="201"/>
        <source>View shielded details</source>
        <translation>View shielded details</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="204"/>
        <source>Out of office hours</source>
        <translation>Out of office hours</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="213"/>
        <source>Record my i&amp;nvolvement…</source>
        <translation>Record my i&amp;nvolvement…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="214"/>
        <source>Record my involvement</source>
        <translation>Record my involvement</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="217"/>
        <source>Report an inaccurac&amp;y…</source>
        <translation>Report an inaccurac&amp;y…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="218"/>
        <source>Report an inaccuracy</source>
        <translation>Report an inaccuracy</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="220"/>
        <location filename="../cpdesk/ui/directory/record_view.py" line="317"/>
        <source>Tell the lead professional this child is &amp;here</source>
        <translation>Tell the lead professional this child is &amp;here</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="221"/>
        <source>Tell the lead professional this child is here</source>
        <translation>Tell the lead professional this child is here</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="316"/>
        <source>Tell the ContactPoint team this child is &amp;here</source>
        <translation>Tell the ContactPoint team this child is &amp;here</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="657"/>
        <source>End…</source>
        <translation>End…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="657"/>
        <source>End involvement</source>
        <translation>End involvement</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_view.py" line="714"/>
        <source>Record opened: {name}.</source>
        <translation>Record opened: {name}.</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../cpdesk/ui/together/review_view.py" line="27"/>
        <source>Access review</source>
        <translation>Access review</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/review_view.py" line="28"/>
        <source>People in your area whose record views in the last 24 hours stand out. Look into each with the person and their manager; the directory keeps every view with its reason.</source>
        <translation>People in your area whose record views in the last 24 hours stand out. Look into each with the person and their manager; the directory keeps every view with its reason.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/review_view.py" line="40"/>
        <source>Loading the access review…</source>
        <translation>Loading the access review…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/review_view.py" line="43"/>
        <source>No one in your area stands out in the last 24 hours.</source>
        <translation>No one in your area stands out in the last 24 hours.</translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="85"/>
        <source>Find a child</source>
        <translation>Find a child</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="88"/>
        <source>Family name and date of birth (or a range of up to 5 years), or the directory ID alone. Use * after 2 letters to match the start of a name.</source>
        <translation>Family name and date of birth (or a range of up to 5 years), or the directory ID alone. Use * after 2 letters to match the start of a name.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="102"/>
        <source>&amp;Family name</source>
        <translation>&amp;Family name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="104"/>
        <source>&amp;Given name</source>
        <translation>&amp;Given name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="105"/>
        <source>&amp;Date of birth</source>
        <translation>&amp;Date of birth</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="109"/>
        <source>&amp;Born from</source>
        <translation>&amp;Born from</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="110"/>
        <source>Born &amp;to</source>
        <translation>Born &amp;to</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="116"/>
        <source>G&amp;ender</source>
        <translation>G&amp;ender</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="119"/>
        <source>&amp;Postcode</source>
        <translation>&amp;Postcode</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="121"/>
        <source>Or directory &amp;ID</source>
        <translation>Or directory &amp;ID</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="127"/>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="129"/>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="132"/>
        <source>&amp;Widen search</source>
        <translation>&amp;Widen search</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="134"/>
        <source>Widen search</source>
        <translation>Widen search</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="135"/>
        <source>Also find similar-sounding names, common given-name variants and swapped day and month</source>
        <translation>Also find similar-sounding names, common given-name variants and swapped day and month</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="139"/>
        <source>Cle&amp;ar</source>
        <translation>Cle&amp;ar</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="141"/>
        <source>Clear the search</source>
        <translation>Clear the search</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="145"/>
        <source>Searching</source>
        <translation>Searching</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="159"/>
        <source>Search message</source>
        <translation>Search message</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="168"/>
        <source>Search results</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="228"/>
        <source>Check the fields marked in red.</source>
        <translation>Check the fields marked in red.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="322"/>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="343"/>
        <source>No child matches exactly. Widen search to find close matches (similar names, swapped day and month).</source>
        <translation>No child matches exactly. Widen search to find close matches (similar names, swapped day and month).</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="348"/>
        <source>No child matches, even with a widened search. Check the details with the child or carer.</source>
        <translation>No child matches, even with a widened search. Check the details with the child or carer.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="351"/>
        <source>No exact match. 1 close match.</source>
        <translation>No exact match. 1 close match.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="352"/>
        <source>No exact match. {n} close matches, best first.</source>
        <translation>No exact match. {n} close matches, best first.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="355"/>
        <source>1 child found.</source>
        <translation>1 child found.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="356"/>
        <source>{n} children found.</source>
        <translation>{n} children found.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="379"/>
        <source>Too many searches in a short time. You can search again in {s} seconds.</source>
        <translation>Too many searches in a short time. You can search again in {s} seconds.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/search_view.py" line="385"/>
        <source>You can search again now.</source>
        <translation>You can search again now.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="51"/>
        <source>cpdesk settings</source>
        <translation>cpdesk settings</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="62"/>
        <source>&amp;Server address</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="66"/>
        <source>Live directory</source>
        <translation>Live directory</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="66"/>
        <source>Training sandbox</source>
        <translation>Training sandbox</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="67"/>
        <source>Test server</source>
        <translation>Test server</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="71"/>
        <source>Server &amp;profile</source>
        <translation>Server &amp;profile</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="75"/>
        <source>Found automatically</source>
        <translation>Found automatically</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="76"/>
        <source>Smartcard &amp;module (PKCS#11)</source>
        <translation>Smartcard &amp;module (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="83"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="84"/>
        <source>&amp;Lock after idle</source>
        <translation>&amp;Lock after idle</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="86"/>
        <source>Hide this window from screen &amp;capture</source>
        <translation>Hide this window from screen &amp;capture</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="89"/>
        <source>Screen capture</source>
        <translation>Screen capture</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="91"/>
        <source>&amp;Remember my user name on this computer</source>
        <translation>&amp;Remember my user name on this computer</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="94"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="101"/>
        <source>Changes to the server, profile and smartcard module take effect the next time cpdesk starts.</source>
        <translation>Changes to the server, profile and smartcard module take effect the next time cpdesk starts.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="109"/>
        <source>Save settings</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="112"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="150"/>
        <source>Set by the command line for this session</source>
        <translation>Set by the command line for this session</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="152"/>
        <source>Set by the environment for this session</source>
        <translation>Set by the environment for this session</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="154"/>
        <source>Managed by your organisation: at most {n} min</source>
        <translation>Managed by your organisation: at most {n} min</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="158"/>
        <source>Managed by your organisation</source>
        <translation>Managed by your organisation</translation>
    </message>
</context>
<context>
    <name>ShieldRequestDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="51"/>
        <source>Who the shield is for</source>
        <translation>Who the shield is for</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="53"/>
        <source>Shield for</source>
        <translation>Shield for</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="56"/>
        <source>Why a shield is needed</source>
        <translation>Why a shield is needed</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="59"/>
        <source>&amp;Why</source>
        <translation>&amp;Why</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="63"/>
        <source>Say who the shield is for: the child or a parent or carer.</source>
        <translation>Say who the shield is for: the child or a parent or carer.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="66"/>
        <source>Say why a shield is needed, in at least {n} characters.</source>
        <translation>Say why a shield is needed, in at least {n} characters.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="69"/>
        <source>The reason is too long: at most {n} characters.</source>
        <translation>The reason is too long: at most {n} characters.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shield_request_dialog.py" line="82"/>
        <source>Your request has gone to the trained shielders of the child&apos;s area. They decide; you will not be told whether a shield is in place. Quote this reference if you call your ContactPoint team.</source>
        <translation>Your request has gone to the trained shielders of the child&apos;s area. They decide; you will not be told whether a shield is in place. Quote this reference if you call your ContactPoint team.</translation>
    </message>
</context>
<context>
    <name>ShieldsView</name>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="66"/>
        <location filename="../cpdesk/ui/together/shields_view.py" line="81"/>
        <source>Shielding</source>
        <translation>Shielding</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="83"/>
        <source>For your area&apos;s trained shielders: the requests practitioners have made and the shields in force, for children and for parents or carers. Apply a shield with a review date, review or remove it, or decline a request; each needs a note and is recorded.</source>
        <translation>For your area&apos;s trained shielders: the requests practitioners have made and the shields in force, for children and for parents or carers. Apply a shield with a review date, review or remove it, or decline a request; each needs a note and is recorded.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="94"/>
        <source>Shield requests</source>
        <translation>Shield requests</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="97"/>
        <location filename="../cpdesk/ui/together/shields_view.py" line="100"/>
        <source>Shields in force</source>
        <translation>Shields in force</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="98"/>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="116"/>
        <source>Selected request or shield</source>
        <translation>Selected request or shield</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="128"/>
        <source>Directory ID</source>
        <translation type="unfinished">Directory ID</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="129"/>
        <source>Shield on</source>
        <translation>Shield on</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="130"/>
        <source>Raised</source>
        <translation type="unfinished">Raised</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="131"/>
        <source>Reason given</source>
        <translation>Reason given</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="132"/>
        <source>Status</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="134"/>
        <source>&amp;Open record…</source>
        <translation type="unfinished">&amp;Open record…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="135"/>
        <source>Open the child&apos;s record</source>
        <translation type="unfinished">Open the child&apos;s record</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="148"/>
        <source>Review by</source>
        <translation>Review by</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="153"/>
        <location filename="../cpdesk/ui/together/shields_view.py" line="275"/>
        <source>Re&amp;view by</source>
        <translation>Re&amp;view by</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="158"/>
        <source>Note: why</source>
        <translation>Note: why</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="161"/>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="165"/>
        <source>&amp;Apply shield</source>
        <translation>&amp;Apply shield</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="166"/>
        <source>Apply the shield</source>
        <translation>Apply the shield</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="167"/>
        <source>&amp;Decline request</source>
        <translation>&amp;Decline request</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="168"/>
        <source>Decline the request</source>
        <translation>Decline the request</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="170"/>
        <source>Set new re&amp;view date</source>
        <translation>Set new re&amp;view date</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="171"/>
        <source>Review the shield</source>
        <translation>Review the shield</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="173"/>
        <source>Re&amp;move shield</source>
        <translation>Re&amp;move shield</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="174"/>
        <source>Remove the shield</source>
        <translation>Remove the shield</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="190"/>
        <source>Loading shield requests and shields…</source>
        <translation>Loading shield requests and shields…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="258"/>
        <source>Request {ref}</source>
        <translation>Request {ref}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="264"/>
        <source>Shield in force</source>
        <translation>Shield in force</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="265"/>
        <source>Review by {when}</source>
        <translation>Review by {when}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="276"/>
        <source>New re&amp;view date</source>
        <translation>New re&amp;view date</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="302"/>
        <source>Sending…</source>
        <translation type="unfinished">Sending…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="311"/>
        <source>The shield is applied. The directory withholds the record now.</source>
        <translation>The shield is applied. The directory withholds the record now.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="312"/>
        <source>The request is declined.</source>
        <translation>The request is declined.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="313"/>
        <source>The new review date is set.</source>
        <translation>The new review date is set.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="314"/>
        <source>The shield is removed.</source>
        <translation>The shield is removed.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="343"/>
        <source>Only your area&apos;s trained shielders can see shield requests and act on shields. Ask your ContactPoint team who they are.</source>
        <translation>Only your area&apos;s trained shielders can see shield requests and act on shields. Ask your ContactPoint team who they are.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="345"/>
        <source>Only the trained shielders of the child&apos;s own area can act on this shield.</source>
        <translation>Only the trained shielders of the child&apos;s own area can act on this shield.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/shields_view.py" line="361"/>
        <source>{n} requests waiting for a decision; {m} shields in force.</source>
        <translation>{n} requests waiting for a decision; {m} shields in force.</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="98"/>
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="123"/>
        <source>Sign in to the directory</source>
        <translation>Sign in to the directory</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="139"/>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="146"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="167"/>
        <source>Sign-in problem</source>
        <translation>Sign-in problem</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="140"/>
        <source>&amp;User name</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="147"/>
        <source>&amp;Password</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="200"/>
        <source>Insert your security token and enter its PIN</source>
        <translation>Insert your security token and enter its PIN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="133"/>
        <source>Security token</source>
        <translation>Security token</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="207"/>
        <source>Token PIN</source>
        <translation>Token PIN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="208"/>
        <source>P&amp;IN</source>
        <translation>P&amp;IN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="216"/>
        <source>I understand this is my &amp;last PIN try</source>
        <translation>I understand this is my &amp;last PIN try</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="163"/>
        <location filename="../cpdesk/ui/signin/view.py" line="218"/>
        <source>Confirm last PIN try</source>
        <translation>Confirm last PIN try</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="222"/>
        <source>Security token problem</source>
        <translation>Security token problem</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="170"/>
        <location filename="../cpdesk/ui/signin/view.py" line="225"/>
        <source>&amp;Sign in</source>
        <translation>&amp;Sign in</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="129"/>
        <source>Your card</source>
        <translation>Your card</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="134"/>
        <source>Your &amp;card</source>
        <translation>Your &amp;card</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="153"/>
        <source>Card PIN</source>
        <translation>Card PIN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="154"/>
        <source>Card P&amp;IN</source>
        <translation>Card P&amp;IN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="161"/>
        <source>I understand this is my last PIN try</source>
        <translation>I understand this is my last PIN try</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="172"/>
        <source>Sign in with password, card and PIN</source>
        <translation>Sign in with password, card and PIN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="174"/>
        <source>&amp;Look for my card</source>
        <translation>&amp;Look for my card</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="176"/>
        <source>Look for the card again</source>
        <translation>Look for the card again</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="177"/>
        <source>Not you? &amp;Type a user name</source>
        <translation>Not you? &amp;Type a user name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="179"/>
        <source>Sign in with another user name</source>
        <translation>Sign in with another user name</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="227"/>
        <source>Sign in with this token and PIN</source>
        <translation>Sign in with this token and PIN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="228"/>
        <source>&amp;Look for token again</source>
        <translation>&amp;Look for token again</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="230"/>
        <source>Look for the security token again</source>
        <translation>Look for the security token again</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="231"/>
        <source>&amp;Back</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="233"/>
        <source>Back to user name and password</source>
        <translation>Back to user name and password</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="265"/>
        <source>Choose the role you are working in</source>
        <translation>Choose the role you are working in</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="271"/>
        <source>Your roles</source>
        <translation>Your roles</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="275"/>
        <source>Role problem</source>
        <translation>Role problem</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="277"/>
        <source>&amp;Use this role</source>
        <translation>&amp;Use this role</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="279"/>
        <source>Use the chosen role</source>
        <translation>Use the chosen role</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="320"/>
        <source>Locked. {user}: insert your security token and enter its PIN to unlock.</source>
        <translation>Locked. {user}: insert your security token and enter its PIN to unlock.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="322"/>
        <source>&amp;Unlock</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="323"/>
        <source>Unlock with this token and PIN</source>
        <translation>Unlock with this token and PIN</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="325"/>
        <source>Sign out</source>
        <translation type="unfinished">Sign out</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="326"/>
        <source>Sign out instead of unlocking</source>
        <translation>Sign out instead of unlocking</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="341"/>
        <source>Enter your user name and password.</source>
        <translation>Enter your user name and password.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="342"/>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="344"/>
        <source>Enter the PIN of your card.</source>
        <translation>Enter the PIN of your card.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="346"/>
        <source>Choose your card.</source>
        <translation>Choose your card.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="404"/>
        <source>Enter the PIN of your token.</source>
        <translation>Enter the PIN of your token.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="411"/>
        <source>Choose one of your roles.</source>
        <translation>Choose one of your roles.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="457"/>
        <source>Choose your card…</source>
        <translation>Choose your card…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="483"/>
        <source>Several cards are in the readers: choose yours.</source>
        <translation>Several cards are in the readers: choose yours.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="484"/>
        <source>No card found. Insert your smartcard.</source>
        <translation>No card found. Insert your smartcard.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="490"/>
        <source>Card {label} is in the reader</source>
        <translation>Card {label} is in the reader</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="494"/>
        <source>Card of {who}{place}</source>
        <translation>Card of {who}{place}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/signin/view.py" line="597"/>
        <source>Your session has ended. Sign in again.</source>
        <translation>Your session has ended. Sign in again.</translation>
    </message>
</context>
<context>
    <name>Table</name>
    <message>
        <location filename="../cpdesk/ui/common/table.py" line="67"/>
        <source>Select all rows</source>
        <translation>Select all rows</translation>
    </message>
</context>
<context>
    <name>TrainingBanner</name>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="60"/>
        <source>Training mode: fictional records only</source>
        <translation>Training mode: fictional records only</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="78"/>
        <source>&amp;Reset sandbox…</source>
        <translation>&amp;Reset sandbox…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="80"/>
        <source>Reset the training sandbox</source>
        <translation>Reset the training sandbox</translation>
    </message>
</context>
<context>
    <name>TrainingMode</name>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="184"/>
        <source>Reset the training sandbox</source>
        <translation>Reset the training sandbox</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="185"/>
        <source>Put every training record back to its starting state? Everything the class has changed is undone and every trainee is signed out.</source>
        <translation>Put every training record back to its starting state? Everything the class has changed is undone and every trainee is signed out.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="197"/>
        <source>Resetting the sandbox…</source>
        <translation>Resetting the sandbox…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="205"/>
        <source>The sandbox is back to its starting state. Trainees have been signed out.</source>
        <translation>The sandbox is back to its starting state. Trainees have been signed out.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/training/mode.py" line="215"/>
        <source>The sandbox was not reset: {why}</source>
        <translation>The sandbox was not reset: {why}</translation>
    </message>
</context>
<context>
    <name>WhoToCall</name>
    <message>
        <location filename="../cpdesk/ui/directory/record_summary.py" line="43"/>
        <location filename="../cpdesk/ui/directory/record_summary.py" line="48"/>
        <source>Who to call</source>
        <translation>Who to call</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_summary.py" line="85"/>
        <source>Role of {who}</source>
        <translation>Role of {who}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_summary.py" line="96"/>
        <source>Phone of {who}, {what}</source>
        <translation>Phone of {who}, {what}</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_summary.py" line="101"/>
        <location filename="../cpdesk/ui/directory/record_summary.py" line="125"/>
        <source>Copy</source>
        <translation type="unfinished">Copy</translation>
    </message>
</context>
<context>
    <name>_Curtain</name>
    <message>
        <location filename="../cpdesk/ui/shell/privacy_screen.py" line="212"/>
        <location filename="../cpdesk/ui/shell/privacy_screen.py" line="216"/>
        <source>Screen hidden for privacy</source>
        <translation>Screen hidden for privacy</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/privacy_screen.py" line="219"/>
        <source>Press any key or click to continue.</source>
        <translation>Press any key or click to continue.</translation>
    </message>
</context>
<context>
    <name>_TextDialog</name>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="42"/>
        <source>Write the {what} in at least {n} characters.</source>
        <translation>Write the {what} in at least {n} characters.</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/together/report_dialogs.py" line="45"/>
        <source>The {what} is too long: at most {n} characters.</source>
        <translation>The {what} is too long: at most {n} characters.</translation>
    </message>
</context>
<context>
    <name>_Watermark</name>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="218"/>
        <source>Training: fictional records only</source>
        <translation>Training: fictional records only</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/directory/record_sections.py" line="229"/>
        <source>TRAINING</source>
        <translation>TRAINING</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../cpdesk/app.py" line="122"/>
        <source>Screen capture protection is turned off by your organisation</source>
        <translation>Screen capture protection is turned off by your organisation</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="195"/>
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../cpdesk/ui/shell/settings_dialog.py" line="197"/>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
</context>
</TS>
