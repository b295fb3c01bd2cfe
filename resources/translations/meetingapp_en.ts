<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="sv_SE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>&lt;p&gt;Byggt med Qt {0} (PySide6 {1}, LGPL 3.0), PyMuPDF (AGPL 3.0) och Python {2}. Fliken Tredjepartsprogram visar alla delar och deras licenser.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Built with Qt {0} (PySide6 {1}, LGPL 3.0), PyMuPDF (AGPL 3.0) and Python {2}. The Third-party software tab lists every component and its licence.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Fri programvara under GNU Affero General Public License, version 3 eller senare ({0}): du får använda, studera, ändra och sprida programmet på licensens villkor. Licenstexten finns under fliken Licens.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Free software under the GNU Affero General Public License, version 3 or later ({0}): you may use, study, change and share the program on the licence&apos;s terms. The licence text is under the Licence tab.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Sammanträdeshandlingar för förtroendevalda, offline på datorn.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Meeting documents for elected representatives, offline on the computer.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Filen {0} saknas i installationen.</source>
        <translation>The file {0} is missing from the installation.</translation>
    </message>
    <message>
        <source>Licens</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Om</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Om {0}</source>
        <translation>About {0}</translation>
    </message>
    <message>
        <source>Tredjepartsprogram</source>
        <translation>Third-party software</translation>
    </message>
</context>
<context>
    <name>AgendaPanel</name>
    <message numerus="yes">
        <source>%n sida</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sidor</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message>
        <source>Alla handlingar lästa</source>
        <translation>All documents read</translation>
    </message>
    <message>
        <source>Dnr</source>
        <translation>Ref.</translation>
    </message>
    <message>
        <source>Ej hämtad</source>
        <translation>Not downloaded</translation>
    </message>
    <message>
        <source>Ej offentligt ärende</source>
        <translation>Non-public item</translation>
    </message>
    <message>
        <source>En nyare version har kommit sedan du läste den</source>
        <translation>A newer version has arrived since you read it</translation>
    </message>
    <message>
        <source>Extra ärende</source>
        <translation>Late item</translation>
    </message>
    <message>
        <source>Finns på datorn</source>
        <translation>On this computer</translation>
    </message>
    <message>
        <source>Föredragningslista</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Försök hämta igen</source>
        <translation>Try downloading again</translation>
    </message>
    <message>
        <source>Genomfört</source>
        <translation>Held</translation>
    </message>
    <message>
        <source>Hämtning misslyckades</source>
        <translation>Download failed</translation>
    </message>
    <message>
        <source>Inga handlingar</source>
        <translation>No documents</translation>
    </message>
    <message>
        <source>Inget sammanträde valt.</source>
        <translation>No meeting selected.</translation>
    </message>
    <message>
        <source>Inställt</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Inte hämtad till datorn ännu: hämtas när du öppnar den</source>
        <translation>Not on this computer yet: downloaded when you open it</translation>
    </message>
    <message>
        <source>Kallad</source>
        <translation>Upcoming</translation>
    </message>
    <message>
        <source>Kallelse</source>
        <translation>Notice of meeting</translation>
    </message>
    <message>
        <source>Kallelse och protokoll</source>
        <translation>Notice of meeting and minutes</translation>
    </message>
    <message>
        <source>Kunde inte hämtas: {0}. Tryck Enter eller dubbelklicka för att försöka igen.</source>
        <translation>Could not be downloaded: {0}. Press Enter or double-click to try again.</translation>
    </message>
    <message>
        <source>Läst</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>Lästa handlingar</source>
        <translation>Documents read</translation>
    </message>
    <message>
        <source>Ny</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Ny sedan du senast tittade på sammanträdet</source>
        <translation>New since you last looked at the meeting</translation>
    </message>
    <message>
        <source>Nytt sammanträde</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <source>Oläst</source>
        <translation>Unread</translation>
    </message>
    <message>
        <source>Protokoll</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Sekretess</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <source>Sidor</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Stjärnmärkt, {0}</source>
        <translation>Starred, {0}</translation>
    </message>
    <message>
        <source>Tjänsteskrivelse</source>
        <translation>Officials&apos; report</translation>
    </message>
    <message numerus="yes">
        <source>{0} av %n handling läst</source>
        <translation>
            <numerusform>{0} of %n document read</numerusform>
            <numerusform>{0} of %n documents read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} av %n handlingar lästa</source>
        <translation>
            <numerusform>{0} of %n document read</numerusform>
            <numerusform>{0} of %n documents read</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}.
Handlingarna omfattas av sekretess: visa dem inte för andra och lämna inte ut dem.</source>
        <translation>{0}.
The documents are confidential: do not show them to anyone else and do not pass them on.</translation>
    </message>
    <message>
        <source>Ändrad</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>Ändrad sedan du senast tittade på sammanträdet</source>
        <translation>Changed since you last looked at the meeting</translation>
    </message>
    <message>
        <source>Ärende</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Ärenden och deras handlingar. Piltangenterna flyttar, Enter hämtar en handling som inte finns på datorn.</source>
        <translation>Items and their documents. The arrow keys move; Enter downloads a document that is not on this computer.</translation>
    </message>
    <message>
        <source>Ärendet har lagts till efter kallelsen.</source>
        <translation>This item was added after the notice of meeting was sent.</translation>
    </message>
</context>
<context>
    <name>AnnotationLayer</name>
    <message>
        <source>Blå</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>Färg</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Grön</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>Gul</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Kommentar:</source>
        <translation>Comment:</translation>
    </message>
    <message>
        <source>Lägg till anteckning</source>
        <translation>Add annotation</translation>
    </message>
    <message>
        <source>Markera text</source>
        <translation>Mark text</translation>
    </message>
    <message>
        <source>Ny kommentar</source>
        <translation>New comment</translation>
    </message>
    <message>
        <source>Ny textruta</source>
        <translation>New text box</translation>
    </message>
    <message>
        <source>Rosa</source>
        <translation>Pink</translation>
    </message>
    <message>
        <source>Röd</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Ta bort anteckning</source>
        <translation>Delete annotation</translation>
    </message>
    <message>
        <source>Ändra anteckning</source>
        <translation>Edit annotation</translation>
    </message>
    <message>
        <source>Ändra kommentar…</source>
        <translation>Edit comment…</translation>
    </message>
</context>
<context>
    <name>AppLock</name>
    <message>
        <source>&amp;Lås nu</source>
        <translation>&amp;Lock now</translation>
    </message>
    <message>
        <source>Fel kod för många gånger. Du kan försöka igen om {0}.</source>
        <translation>Wrong code too many times. You can try again in {0}.</translation>
    </message>
    <message>
        <source>Fel kod. Försök igen.</source>
        <translation>Wrong code. Try again.</translation>
    </message>
    <message>
        <source>Koden kunde inte kontrolleras. Försök igen.</source>
        <translation>The code could not be checked. Try again.</translation>
    </message>
    <message>
        <source>Kontrollerar koden…</source>
        <translation>Checking the code…</translation>
    </message>
</context>
<context>
    <name>CommitteeDialog</name>
    <message>
        <source> dagar</source>
        <translation> days</translation>
    </message>
    <message>
        <source>(Välj ditt namn)</source>
        <translation>(Choose your name)</translation>
    </message>
    <message>
        <source>Behåll tidigare sammanträdens handlingar</source>
        <translation>Keep the documents of past meetings</translation>
    </message>
    <message>
        <source>Behåll tidigare sammanträdens handlingar i</source>
        <translation>Keep the documents of past meetings for</translation>
    </message>
    <message>
        <source>Handlingarna till dina nämnders sammanträden hämtas till datorn så att du kan läsa dem utan uppkoppling. Andra handlingar hämtas när du öppnar dem.</source>
        <translation>The documents for your committees&apos; meetings are downloaded to this computer so that you can read them without a connection. Other documents are downloaded when you open them.</translation>
    </message>
    <message>
        <source>Mina nämnder</source>
        <translation>My committees</translation>
    </message>
    <message>
        <source>Vem är du?</source>
        <translation>Who are you?</translation>
    </message>
    <message>
        <source>Vilka nämnder sitter du i?</source>
        <translation>Which committees do you sit on?</translation>
    </message>
</context>
<context>
    <name>DocumentView</name>
    <message>
        <source> av {0} </source>
        <translation> of {0} </translation>
    </message>
    <message>
        <source>Anpassa bredd</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>Anpassa sida</source>
        <translation>Fit page</translation>
    </message>
    <message>
        <source>Dokumentet har inga sidor.</source>
        <translation>The document has no pages.</translation>
    </message>
    <message>
        <source>Dokumentet kunde inte visas: {0}</source>
        <translation>The document could not be shown: {0}</translation>
    </message>
    <message>
        <source>Dokumentet är lösenordsskyddat och kan inte visas här.</source>
        <translation>The document is password-protected and cannot be shown here.</translation>
    </message>
    <message>
        <source>Fler verktyg</source>
        <translation>More tools</translation>
    </message>
    <message>
        <source>Frihand</source>
        <translation>Freehand</translation>
    </message>
    <message>
        <source>Färg</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Färg för nya anteckningar och den markerade</source>
        <translation>Colour for new annotations and the selected one</translation>
    </message>
    <message>
        <source>Föregående sida</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Försök igen</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Genomstrykning</source>
        <translation>Strikethrough</translation>
    </message>
    <message>
        <source>Gå till sida (Ctrl+G)</source>
        <translation>Go to page (Ctrl+G)</translation>
    </message>
    <message>
        <source>Gör om</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>Handlingen är sekretessmarkerad. Det andra programmet får en okrypterad kopia, som tas bort när {0} avslutas. Öppna ändå?</source>
        <translation>The document is marked confidential. The other program gets an unencrypted copy, which is removed when {0} quits. Open it anyway?</translation>
    </message>
    <message>
        <source>Hämtar ”{0}”…</source>
        <translation>Downloading “{0}”…</translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Kopian kunde inte skrivas.</source>
        <translation>The copy could not be written.</translation>
    </message>
    <message>
        <source>Markera</source>
        <translation>Select</translation>
    </message>
    <message>
        <source>Markera först texten i dokumentet där anteckningen ska sitta.</source>
        <translation>First select the text in the document where the annotation should go.</translation>
    </message>
    <message>
        <source>Markera och kopiera text (med tangentbordet: Skift+piltangenter)</source>
        <translation>Select and copy text (with the keyboard: Shift+arrow keys)</translation>
    </message>
    <message>
        <source>Nästa sida</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>Rita för hand med mus, penna eller finger</source>
        <translation>Draw freehand with a mouse, pen or finger</translation>
    </message>
    <message>
        <source>Sida</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>Sidor</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Skriv text i en ruta på sidan</source>
        <translation>Write text in a box on the page</translation>
    </message>
    <message>
        <source>Stryk igenom text (Ctrl+Shift+X)</source>
        <translation>Strike through text (Ctrl+Shift+X)</translation>
    </message>
    <message>
        <source>Stryk under text (Ctrl+Shift+U)</source>
        <translation>Underline text (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <source>Stryk över text med överstrykningspenna (Ctrl+Shift+H)</source>
        <translation>Highlight text with a highlighter pen (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>Sätt en kommentar på sidan</source>
        <translation>Put a comment on the page</translation>
    </message>
    <message>
        <source>Sök</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Sök i dokumentet (Ctrl+F)</source>
        <translation>Find in the document (Ctrl+F)</translation>
    </message>
    <message>
        <source>Ta bort anteckning</source>
        <translation>Delete annotation</translation>
    </message>
    <message>
        <source>Ta bort den valda anteckningen (Delete)</source>
        <translation>Delete the selected annotation (Delete)</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Textruta</source>
        <translation>Text box</translation>
    </message>
    <message>
        <source>Understrykning</source>
        <translation>Underline</translation>
    </message>
    <message>
        <source>Verktyg för anteckningar</source>
        <translation>Annotation tools</translation>
    </message>
    <message>
        <source>Verktyg för dokumentet</source>
        <translation>Document tools</translation>
    </message>
    <message>
        <source>Visa dokumentets text, för skärmläsare och stor stil (Ctrl+T)</source>
        <translation>Show the document&apos;s text, for screen readers and large print (Ctrl+T)</translation>
    </message>
    <message>
        <source>Visa sidminiatyrer och innehåll (F9)</source>
        <translation>Show page thumbnails and contents (F9)</translation>
    </message>
    <message>
        <source>Välj ett dokument i föredragningslistan.</source>
        <translation>Choose a document in the agenda.</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <source>Zooma in (Ctrl+plus)</source>
        <translation>Zoom in (Ctrl+plus)</translation>
    </message>
    <message>
        <source>Zooma ut (Ctrl+minus)</source>
        <translation>Zoom out (Ctrl+minus)</translation>
    </message>
    <message>
        <source>Ångra</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Öppna i annat program</source>
        <translation>Open in another program</translation>
    </message>
    <message>
        <source>Överstrykning</source>
        <translation>Highlight</translation>
    </message>
    <message>
        <source>”{0}” kan inte visas här.</source>
        <translation>“{0}” cannot be shown here.</translation>
    </message>
    <message>
        <source>”{0}” kunde inte hämtas: {1}</source>
        <translation>“{0}” could not be downloaded: {1}</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <source>1 markering sitter på en sida som handlingen inte har och kom inte med.</source>
        <translation>1 annotation is on a page the document does not have and was left out.</translation>
    </message>
    <message>
        <source>1 markering som behöver granskas sitter på en äldre version av handlingen och kom inte med.</source>
        <translation>1 annotation that needs review is on an earlier version of the document and was left out.</translation>
    </message>
    <message>
        <source>Anteckningarna sparades inte.</source>
        <translation>The notes were not saved.</translation>
    </message>
    <message>
        <source>Behöver granskas</source>
        <translation>Needs review</translation>
    </message>
    <message>
        <source>Den här sortens handling kan inte sparas som PDF med anteckningar.</source>
        <translation>This kind of document cannot be saved as a PDF with annotations.</translation>
    </message>
    <message>
        <source>Dessa markeringar kunde inte flyttas till den nya versionen av handlingen; sidorna avser den äldre versionen.</source>
        <translation>These annotations could not be moved to the new version of the document; the pages refer to the earlier version.</translation>
    </message>
    <message>
        <source>Det tog för lång tid att skapa kopian. Försök igen.</source>
        <translation>Making the copy took too long. Try again.</translation>
    </message>
    <message>
        <source>Disken är full. Frigör utrymme eller välj en annan plats.</source>
        <translation>The disk is full. Free up some space or choose another location.</translation>
    </message>
    <message>
        <source>Ej offentligt</source>
        <translation>Non-public</translation>
    </message>
    <message>
        <source>Filen går inte att spara där. Välj en annan plats.</source>
        <translation>The file cannot be saved there. Choose another location.</translation>
    </message>
    <message>
        <source>Frihand</source>
        <translation>Freehand</translation>
    </message>
    <message>
        <source>Genomstrykning</source>
        <translation>Strikethrough</translation>
    </message>
    <message>
        <source>Handlingen finns inte längre på datorn. Hämta den och försök igen.</source>
        <translation>The document is no longer on this computer. Download it and try again.</translation>
    </message>
    <message>
        <source>Handlingen finns inte på datorn. Hämta den och försök igen.</source>
        <translation>The document is not on this computer. Download it and try again.</translation>
    </message>
    <message>
        <source>Handlingen sparades inte med anteckningar.</source>
        <translation>The document was not saved with annotations.</translation>
    </message>
    <message>
        <source>Handlingen är skadad eller inte en PDF som går att läsa.</source>
        <translation>The document is damaged or is not a readable PDF.</translation>
    </message>
    <message>
        <source>Handlingen är skyddad med lösenord och kan inte kopieras.</source>
        <translation>The document is password-protected and cannot be copied.</translation>
    </message>
    <message>
        <source>Inga anteckningar till det här sammanträdet.</source>
        <translation>No notes for this meeting.</translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Kopian kan inte ersätta själva handlingen. Välj ett annat namn.</source>
        <translation>The copy cannot replace the document itself. Choose another name.</translation>
    </message>
    <message>
        <source>Kopian kunde inte skapas. Försök igen.</source>
        <translation>The copy could not be made. Try again.</translation>
    </message>
    <message>
        <source>Markdown (*.md);;Text (*.txt)</source>
        <translation>Markdown (*.md);;Text (*.txt)</translation>
    </message>
    <message>
        <source>Mina anteckningar</source>
        <translation>My notes</translation>
    </message>
    <message>
        <source>Nämnd</source>
        <translation>Committee</translation>
    </message>
    <message>
        <source>Om sammanträdet</source>
        <translation>About the meeting</translation>
    </message>
    <message>
        <source>Om ärendet</source>
        <translation>About the item</translation>
    </message>
    <message>
        <source>PDF-dokument (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>Plats</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Sammanträdets handlingar</source>
        <translation>Meeting documents</translation>
    </message>
    <message>
        <source>Skriv ut anteckningarna</source>
        <translation>Print the notes</translation>
    </message>
    <message>
        <source>Spara anteckningarna som PDF</source>
        <translation>Save the notes as PDF</translation>
    </message>
    <message>
        <source>Spara anteckningarna som text</source>
        <translation>Save the notes as text</translation>
    </message>
    <message>
        <source>Spara handlingen med anteckningar</source>
        <translation>Save the document with annotations</translation>
    </message>
    <message>
        <source>Sparade {0}.</source>
        <translation>Saved {0}.</translation>
    </message>
    <message>
        <source>Textruta</source>
        <translation>Text box</translation>
    </message>
    <message>
        <source>Tid</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Understrykning</source>
        <translation>Underline</translation>
    </message>
    <message>
        <source>Vid: {0}</source>
        <translation>Near: {0}</translation>
    </message>
    <message>
        <source>s. {0}</source>
        <translation>p. {0}</translation>
    </message>
    <message>
        <source>{0} kl. {1}</source>
        <translation>{0} at {1}</translation>
    </message>
    <message>
        <source>{0} markeringar sitter på sidor som handlingen inte har och kom inte med.</source>
        <translation>{0} annotations are on pages the document does not have and were left out.</translation>
    </message>
    <message>
        <source>{0} markeringar som behöver granskas sitter på en äldre version av handlingen och kom inte med.</source>
        <translation>{0} annotations that need review are on an earlier version of the document and were left out.</translation>
    </message>
    <message>
        <source>{0} med anteckningar.pdf</source>
        <translation>{0} with annotations.pdf</translation>
    </message>
    <message>
        <source>{number}. {name}</source>
        <translation>{number}. {name}</translation>
    </message>
    <message>
        <source>Överstrykning</source>
        <translation>Highlight</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Antal träffar</source>
        <translation>Number of matches</translation>
    </message>
    <message>
        <source>Föregående träff (Skift+Retur)</source>
        <translation>Previous match (Shift+Enter)</translation>
    </message>
    <message>
        <source>Inga träffar</source>
        <translation>No matches</translation>
    </message>
    <message>
        <source>Nästa träff (Retur)</source>
        <translation>Next match (Enter)</translation>
    </message>
    <message>
        <source>Stäng sökningen (Esc)</source>
        <translation>Close the search (Esc)</translation>
    </message>
    <message>
        <source>Sök</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Sök i dokumentet</source>
        <translation>Find in the document</translation>
    </message>
    <message>
        <source>Söker…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Sökningen misslyckades</source>
        <translation>The search failed</translation>
    </message>
    <message>
        <source>{0} av {1}</source>
        <translation>{0} of {1}</translation>
    </message>
</context>
<context>
    <name>KeyDialog</name>
    <message>
        <source>&amp;Avsluta</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Börja om med en tom datamapp</source>
        <translation>&amp;Start again with an empty data folder</translation>
    </message>
    <message>
        <source>&amp;Försök igen</source>
        <translation>&amp;Try again</translation>
    </message>
    <message>
        <source>&amp;Lösenord (minst {0} tecken)</source>
        <translation>&amp;Passphrase (at least {0} characters)</translation>
    </message>
    <message>
        <source>&amp;Upprepa lösenordet</source>
        <translation>&amp;Repeat the passphrase</translation>
    </message>
    <message>
        <source>Datamappen kunde inte flyttas undan till {0} ({1}).</source>
        <translation>The data folder could not be moved aside to {0} ({1}).</translation>
    </message>
    <message>
        <source>De två lösenorden är inte lika.</source>
        <translation>The two passphrases are not the same.</translation>
    </message>
    <message>
        <source>Det gick inte: {0}</source>
        <translation>That did not work: {0}</translation>
    </message>
    <message>
        <source>Fel lösenord.</source>
        <translation>Wrong passphrase.</translation>
    </message>
    <message>
        <source>Ingen nyckelring hittades på datorn.</source>
        <translation>No keyring was found on this computer.</translation>
    </message>
    <message>
        <source>Ingen säker nyckelring hittades (hittade: {0}).</source>
        <translation>No secure keyring was found (found: {0}).</translation>
    </message>
    <message>
        <source>Innehållet i {0} är krypterat, och nyckeln finns varken i nyckelringen eller bakom ett lösenord. Handlingarna kan hämtas igen från dokumentsystemet, men anteckningarna och markeringarna i mappen går inte att läsa.

Börjar du om flyttas det gamla innehållet till {1}; inget tas bort.</source>
        <translation>The content of {0} is encrypted, and its key is neither in the keyring nor behind a passphrase. The documents can be fetched again from the document system, but the notes and annotations in the folder cannot be read.

If you start again, the old content is moved to {1}; nothing is deleted.</translation>
    </message>
    <message>
        <source>Lösenordet måste ha minst {0} tecken.</source>
        <translation>The passphrase must have at least {0} characters.</translation>
    </message>
    <message>
        <source>Nyckeln till datamappen {0} finns bara i datorns nyckelring (hittade: {1}), och den gick inte att läsa. Lås upp nyckelringen, eller starta om datorn, och försök igen.</source>
        <translation>The key to the data folder {0} is only in the computer&apos;s keyring (found: {1}), and it could not be read. Unlock the keyring, or restart the computer, and try again.</translation>
    </message>
    <message>
        <source>Nyckeln till datamappen {0} går inte att läsa, så mappen kan inte öppnas. Nyckelfilen {1} kan vara skadad; lägg i så fall tillbaka den från en säkerhetskopia.</source>
        <translation>The key to the data folder {0} cannot be read, so the folder cannot be opened. The key file {1} may be damaged; if so, put it back from a backup.</translation>
    </message>
    <message>
        <source>Nyckeln till den här datamappen finns inte längre.</source>
        <translation>The key to this data folder is gone.</translation>
    </message>
    <message>
        <source>Nyckelringen ({0}) gick inte att använda.</source>
        <translation>The keyring ({0}) could not be used.</translation>
    </message>
    <message>
        <source>Nyckelringen ({0}) kunde inte lämna ut nyckeln den här gången.</source>
        <translation>The keyring ({0}) could not give out the key this time.</translation>
    </message>
    <message>
        <source>Nyckelringen går inte att använda just nu.</source>
        <translation>The keyring cannot be used right now.</translation>
    </message>
    <message>
        <source>Nytt lösenord</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <source>Nytt lösenord igen</source>
        <translation>New passphrase again</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>&amp;Kod</source>
        <translation>&amp;Code</translation>
    </message>
    <message>
        <source>&amp;Lås upp</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>Glömt ko&amp;den?</source>
        <translation>Forgot the co&amp;de?</translation>
    </message>
    <message>
        <source>Kod</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Skriv din kod för att visa handlingarna och anteckningarna.</source>
        <translation>Type your code to show the documents and notes.</translation>
    </message>
    <message>
        <source>Utan koden går {0} inte att öppna, inte heller om du avslutar och startar programmet igen. Den enda vägen in utan koden är att ta bort programmets datamapp:
{1}
Då försvinner allt som programmet har sparat på datorn: hämtade handlingar, dina anteckningar och markeringar och inställningarna. Handlingarna går att hämta igen från dokumentsystemet, det du själv har skrivit går inte att få tillbaka.</source>
        <translation>Without the code {0} cannot be opened, not even if you quit and start the program again. The only way in without the code is to delete the program&apos;s data folder:
{1}
That removes everything the program has kept on this computer: fetched documents, your notes and annotations, and the settings. The documents can be fetched again from the document system; what you wrote yourself cannot be recovered.</translation>
    </message>
    <message>
        <source>{0} är låst</source>
        <translation>{0} is locked</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source> – %n dokument kunde inte hämtas</source>
        <translation>
            <numerusform> – %n document could not be downloaded</numerusform>
            <numerusform> – %n documents could not be downloaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n handling(ar) har tagits bort från datorn. Arkiv → Borttaget från datorn visar vilka och varför.</source>
        <translation>
            <numerusform>%n document has been removed from this computer. File → Removed from this computer shows which and why.</numerusform>
            <numerusform>%n documents have been removed from this computer. File → Removed from this computer shows which and why.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Arkiv</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Avsluta</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Borttaget från datorn…</source>
        <translation>&amp;Removed from this computer…</translation>
    </message>
    <message>
        <source>&amp;Dokumentsystem…</source>
        <translation>&amp;Document systems…</translation>
    </message>
    <message>
        <source>&amp;Hjälp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Inställningar…</source>
        <translation>Se&amp;ttings…</translation>
    </message>
    <message>
        <source>&amp;Om {0}</source>
        <translation>&amp;About {0}</translation>
    </message>
    <message>
        <source>&amp;Synkronisera nu</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>&amp;Visa</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Arbetsytor</source>
        <translation>Workspaces</translation>
    </message>
    <message>
        <source>Hämtar dokument {0} av {1}…</source>
        <translation>Downloading document {0} of {1}…</translation>
    </message>
    <message>
        <source>Inte synkroniserad ännu.</source>
        <translation>Not synced yet.</translation>
    </message>
    <message>
        <source>Läser sammanträden och ärenden…</source>
        <translation>Reading meetings and items…</translation>
    </message>
    <message>
        <source>Lösenord för åt&amp;erställning…</source>
        <translation>R&amp;ecovery passphrase…</translation>
    </message>
    <message>
        <source>Mina &amp;nämnder…</source>
        <translation>My &amp;committees…</translation>
    </message>
    <message>
        <source>Offline – du läser det som redan finns på datorn. {0}</source>
        <translation>Offline – you are reading what is already on this computer. {0}</translation>
    </message>
    <message>
        <source>Offline: dokumentsystemet går inte att nå.</source>
        <translation>Offline: the document system cannot be reached.</translation>
    </message>
    <message>
        <source>Senast synkroniserad {0}</source>
        <translation>Last synced {0}</translation>
    </message>
    <message>
        <source>Synkroniserar…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Synkroniseringen misslyckades: {0}</source>
        <translation>Sync failed: {0}</translation>
    </message>
</context>
<context>
    <name>MeetingOverviewPanel</name>
    <message numerus="yes">
        <source>%n anteckning</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n anteckningar</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n behöver granskas</source>
        <translation>
            <numerusform>%n needs review</numerusform>
            <numerusform>%n need review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n markering</source>
        <translation>
            <numerusform>%n annotation</numerusform>
            <numerusform>%n annotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n markeringar</source>
        <translation>
            <numerusform>%n annotation</numerusform>
            <numerusform>%n annotations</numerusform>
        </translation>
    </message>
    <message>
        <source>Anteckning</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Anteckning om mötet</source>
        <translation>Note on the meeting</translation>
    </message>
    <message>
        <source>Behöver granskas</source>
        <translation>Needs review</translation>
    </message>
    <message>
        <source>Behöver granskas: markeringen kunde inte placeras säkert i den nya versionen av handlingen och visas i den version där du gjorde den.</source>
        <translation>Needs review: the annotation could not be placed with certainty in the new version of the document and is shown in the version where you made it.</translation>
    </message>
    <message>
        <source>Dina anteckningar och markeringar per ärende. Enter eller klick öppnar anteckningen, markeringen eller ärendet.</source>
        <translation>Your notes and annotations by item. Enter or a click opens the note, the annotation or the item.</translation>
    </message>
    <message>
        <source>Du har inte skrivit något till det här sammanträdet ännu. Dina anteckningar och markeringar i handlingarna samlas här.</source>
        <translation>You have not written anything for this meeting yet. Your notes, and your annotations in the documents, are collected here.</translation>
    </message>
    <message>
        <source>Frihand</source>
        <translation>Freehand</translation>
    </message>
    <message>
        <source>Genomstrykning</source>
        <translation>Strikethrough</translation>
    </message>
    <message>
        <source>Inget sammanträde valt.</source>
        <translation>No meeting selected.</translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Mina anteckningar</source>
        <translation>My notes</translation>
    </message>
    <message>
        <source>Sammanträdet</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>Textruta</source>
        <translation>Text box</translation>
    </message>
    <message>
        <source>Understrykning</source>
        <translation>Underline</translation>
    </message>
    <message>
        <source>Visa alla ärenden</source>
        <translation>Show all items</translation>
    </message>
    <message>
        <source>Visa också de ärenden där du inte har skrivit eller markerat något.</source>
        <translation>Also show the items where you have not written or marked anything.</translation>
    </message>
    <message>
        <source>inget skrivet</source>
        <translation>nothing written</translation>
    </message>
    <message>
        <source>s. {0}</source>
        <translation>p. {0}</translation>
    </message>
    <message>
        <source>stjärnmärkt</source>
        <translation>starred</translation>
    </message>
    <message>
        <source>vid ”{0}”</source>
        <translation>near “{0}”</translation>
    </message>
    <message>
        <source>Ärendet i alla nämnder</source>
        <translation>Item in all committees</translation>
    </message>
    <message>
        <source>Överstrykning</source>
        <translation>Highlight</translation>
    </message>
</context>
<context>
    <name>MeetingsPanel</name>
    <message>
        <source>Dina nämnder först; vid varje sammanträde vad som är nytt sedan du tittade.</source>
        <translation>Your committees first; at each meeting, what is new since you last looked.</translation>
    </message>
    <message>
        <source>Nytt</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Nämnder och sammanträden</source>
        <translation>Committees and meetings</translation>
    </message>
    <message>
        <source>Plats ej angiven</source>
        <translation>No location given</translation>
    </message>
    <message>
        <source>Sedan du senast tittade: {0}</source>
        <translation>Since you last looked: {0}</translation>
    </message>
    <message>
        <source>genomfört</source>
        <translation>held</translation>
    </message>
    <message>
        <source>inställt</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>kallad</source>
        <translation>upcoming</translation>
    </message>
    <message numerus="yes">
        <source>{0} av %n handling läst</source>
        <translation>
            <numerusform>{0} of %n document read</numerusform>
            <numerusform>{0} of %n documents read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} av %n handlingar lästa</source>
        <translation>
            <numerusform>{0} of %n document read</numerusform>
            <numerusform>{0} of %n documents read</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>&amp;Avsluta</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Fortsätt</source>
        <translation>&amp;Continue</translation>
    </message>
    <message>
        <source>Nyckeln skapas…</source>
        <translation>Creating the key…</translation>
    </message>
    <message>
        <source>Välj ett lösenord</source>
        <translation>Choose a passphrase</translation>
    </message>
    <message>
        <source>{0} krypterar handlingar och anteckningar på den här datorn. Välj ett lösenord som låser upp dem; du behöver skriva det varje gång du startar {0}. Glömmer du lösenordet kan handlingarna hämtas igen, men dina anteckningar och markeringar går inte att läsa.</source>
        <translation>{0} encrypts documents and notes on this computer. Choose a passphrase that unlocks them; you will type it every time you start {0}. If you forget the passphrase the documents can be fetched again, but your notes and annotations cannot be read.</translation>
    </message>
</context>
<context>
    <name>NewsWords</name>
    <message numerus="yes">
        <source>%n ny</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n nya</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ändrad</source>
        <translation>
            <numerusform>%n changed</numerusform>
            <numerusform>%n changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ändrade</source>
        <translation>
            <numerusform>%n changed</numerusform>
            <numerusform>%n changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Anteckning om sammanträdet</source>
        <translation>Note on the meeting</translation>
    </message>
    <message>
        <source>Anteckning om sammanträdet {0}</source>
        <translation>Note on the meeting {0}</translation>
    </message>
    <message>
        <source>Anteckning om {0}</source>
        <translation>Note on {0}</translation>
    </message>
    <message>
        <source>Anteckning om ärendet</source>
        <translation>Note on the item</translation>
    </message>
    <message>
        <source>Anteckning om ärendet i alla nämnder</source>
        <translation>Note on the item in all committees</translation>
    </message>
    <message>
        <source>Anteckning om ärendet {0} i alla nämnder</source>
        <translation>Note on the item {0} in all committees</translation>
    </message>
    <message>
        <source>Anteckningar</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Anteckningen följer ärendet ({0}) till varje sammanträde och nämnd som behandlar det.</source>
        <translation>The note follows the item ({0}) to every meeting and committee that deals with it.</translation>
    </message>
    <message>
        <source>Det du skriver här visas varje gång ärendet {0} är uppe.</source>
        <translation>What you write here is shown every time the item {0} comes up.</translation>
    </message>
    <message>
        <source>Dina anteckningar om sammanträdet som helhet.</source>
        <translation>Your notes on the meeting as a whole.</translation>
    </message>
    <message>
        <source>Dina anteckningar om {0}</source>
        <translation>Your notes on {0}</translation>
    </message>
    <message>
        <source>Fet</source>
        <translation>Bold</translation>
    </message>
    <message>
        <source>Formatering av anteckningen</source>
        <translation>Note formatting</translation>
    </message>
    <message>
        <source>Infoga yrkande</source>
        <translation>Insert motion</translation>
    </message>
    <message>
        <source>Infogar ett utkast till yrkande där markören står: »Jag yrkar att nämnden beslutar att …«. Skriv dina att-satser och läs upp yrkandet eller lämna in det på sammanträdet. ({0})</source>
        <translation>Inserts a draft motion where the cursor is: “I move that the committee decide to …”. Write your clauses, then read the motion out or hand it in at the meeting. ({0})</translation>
    </message>
    <message>
        <source>Inget sammanträde valt.</source>
        <translation>No meeting selected.</translation>
    </message>
    <message>
        <source>Jag yrkar att {0} beslutar</source>
        <translation>I move that {0} decide</translation>
    </message>
    <message>
        <source>Kursiv</source>
        <translation>Italic</translation>
    </message>
    <message>
        <source>Mötet</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>Numrerad lista</source>
        <translation>Numbered list</translation>
    </message>
    <message>
        <source>Punktlista</source>
        <translation>Bulleted list</translation>
    </message>
    <message>
        <source>Rubrik</source>
        <translation>Heading</translation>
    </message>
    <message>
        <source>Skriv dina anteckningar om sammanträdet här. De sparas automatiskt.</source>
        <translation>Write your notes on the meeting here. They are saved automatically.</translation>
    </message>
    <message>
        <source>Skriv dina anteckningar om ärendet här. De sparas automatiskt och stannar på den här datorn.</source>
        <translation>Write your notes on the item here. They are saved automatically and stay on this computer.</translation>
    </message>
    <message>
        <source>Sparar…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Sparas automatiskt</source>
        <translation>Saved automatically</translation>
    </message>
    <message>
        <source>Sparat {0}</source>
        <translation>Saved {0}</translation>
    </message>
    <message>
        <source>Sparstatus</source>
        <translation>Save status</translation>
    </message>
    <message>
        <source>Stjärnmärk ärendet</source>
        <translation>Star the item</translation>
    </message>
    <message>
        <source>Stjärnmärkta ärenden syns i föredragningslistan och i Mina anteckningar.</source>
        <translation>Starred items are marked in the agenda and in My notes.</translation>
    </message>
    <message>
        <source>Yrkande</source>
        <translation>Motion</translation>
    </message>
    <message>
        <source>Yrkande i ärende {0}: {1}</source>
        <translation>Motion on item {0}: {1}</translation>
    </message>
    <message>
        <source>Yrkande: {0}</source>
        <translation>Motion: {0}</translation>
    </message>
    <message>
        <source>att </source>
        <translation>to </translation>
    </message>
    <message>
        <source>nämnden</source>
        <translation>the committee</translation>
    </message>
    <message>
        <source>Ärende {0}</source>
        <translation>Item {0}</translation>
    </message>
    <message>
        <source>Ärende {0}: {1}</source>
        <translation>Item {0}: {1}</translation>
    </message>
    <message>
        <source>Ärendet</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Ärendet i alla nämnder</source>
        <translation>Item in all committees</translation>
    </message>
    <message>
        <source>★ Stjärnmärkt</source>
        <translation>★ Starred</translation>
    </message>
    <message>
        <source>☆ Stjärnmärk ärendet</source>
        <translation>☆ Star the item</translation>
    </message>
</context>
<context>
    <name>OutlineTree</name>
    <message>
        <source>Dokumentets innehåll</source>
        <translation>Document contents</translation>
    </message>
</context>
<context>
    <name>PageCanvas</name>
    <message>
        <source>Sida {0}</source>
        <translation>Page {0}</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>&amp;Avsluta</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Lås upp</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>&amp;Lösenord</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <source>Lås upp {0}</source>
        <translation>Unlock {0}</translation>
    </message>
    <message>
        <source>Låser upp…</source>
        <translation>Unlocking…</translation>
    </message>
    <message>
        <source>Lösenord</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Skriv lösenordet som låser upp handlingarna och anteckningarna i datamappen {0}.</source>
        <translation>Type the passphrase that unlocks the documents and notes in the data folder {0}.</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <source>Dokumentets sidor</source>
        <translation>Document pages</translation>
    </message>
    <message>
        <source>Hela sidan {0} markerad</source>
        <translation>All of page {0} selected</translation>
    </message>
    <message>
        <source>Markera text med Skift och piltangenterna: höger och vänster ord för ord, ned och upp rad för rad. Skift+Home och Skift+End går till radens början och slut, Ctrl+Skift+upp och ned stycke för stycke, Skift+Page Up och Skift+Page Down till sidans början och slut. Ctrl+A markerar hela sidan, Ctrl+C kopierar och Esc tar bort markeringen. Ctrl+Skift+H, U och X stryker över, under och igenom det markerade; med ett av de verktygen i handen gör Enter markeringen till en anteckning.</source>
        <translation>Select text with Shift and the arrow keys: right and left word by word, down and up line by line. Shift+Home and Shift+End go to the start and end of the line, Ctrl+Shift+up and down paragraph by paragraph, Shift+Page Up and Shift+Page Down to the start and end of the page. Ctrl+A selects the whole page, Ctrl+C copies and Esc clears the selection. Ctrl+Shift+H, U and X highlight, underline and strike through the selection; with one of those tools in hand, Enter turns the selection into an annotation.</translation>
    </message>
    <message>
        <source>Sidan {0} har ingen text som går att markera (den kan vara inskannad).</source>
        <translation>Page {0} has no text that can be selected (it may be scanned).</translation>
    </message>
    <message>
        <source>Texten är genomstruken</source>
        <translation>The text is struck through</translation>
    </message>
    <message>
        <source>Texten är understruken</source>
        <translation>The text is underlined</translation>
    </message>
    <message>
        <source>Texten är överstruken</source>
        <translation>The text is highlighted</translation>
    </message>
    <message>
        <source>{0} avmarkerat</source>
        <translation>{0} unselected</translation>
    </message>
    <message>
        <source>{0} markerat</source>
        <translation>{0} selected</translation>
    </message>
</context>
<context>
    <name>ReaderPane</name>
    <message>
        <source>&amp;Gå till sida…</source>
        <translation>&amp;Go to page…</translation>
    </message>
    <message>
        <source>&amp;Sök i dokumentet…</source>
        <translation>&amp;Find in document…</translation>
    </message>
    <message>
        <source>Anpassa till &amp;bredd</source>
        <translation>Fit &amp;width</translation>
    </message>
    <message>
        <source>Anpassa till sid&amp;a</source>
        <translation>Fit to p&amp;age</translation>
    </message>
    <message>
        <source>Dokumentets &amp;text</source>
        <translation>Document &amp;text</translation>
    </message>
    <message>
        <source>Sid&amp;miniatyrer och innehåll</source>
        <translation>Thumbnails and &amp;contents</translation>
    </message>
    <message>
        <source>Två dokument sida &amp;vid sida</source>
        <translation>Two documents &amp;side by side</translation>
    </message>
    <message>
        <source>Zooma &amp;in</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <source>Zooma &amp;ut</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <source>{0} (tidigare version)</source>
        <translation>{0} (earlier version)</translation>
    </message>
</context>
<context>
    <name>ReadingWorkspace</name>
    <message>
        <source>&amp;Föregående ärende</source>
        <translation>P&amp;revious item</translation>
    </message>
    <message>
        <source>&amp;Gå</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <source>&amp;Läsa</source>
        <translation>&amp;Read</translation>
    </message>
    <message>
        <source>&amp;Nästa ärende</source>
        <translation>&amp;Next item</translation>
    </message>
    <message numerus="yes">
        <source>, %n behöver granskas</source>
        <translation>
            <numerusform>, %n needs review</numerusform>
            <numerusform>, %n need review</numerusform>
        </translation>
    </message>
    <message>
        <source>A&amp;nteckningar</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>Behåll offline</source>
        <translation>Keep offline</translation>
    </message>
    <message>
        <source>Föregående d&amp;okument</source>
        <translation>Previous d&amp;ocument</translation>
    </message>
    <message>
        <source>Föregående p&amp;anel</source>
        <translation>Previous p&amp;ane</translation>
    </message>
    <message>
        <source>Försök hämta igen</source>
        <translation>Try downloading again</translation>
    </message>
    <message numerus="yes">
        <source>Nya versioner: %n anteckning(ar) flyttades</source>
        <translation>
            <numerusform>New versions: %n annotation moved</numerusform>
            <numerusform>New versions: %n annotations moved</numerusform>
        </translation>
    </message>
    <message>
        <source>Nästa &amp;dokument</source>
        <translation>Next &amp;document</translation>
    </message>
    <message>
        <source>Nästa &amp;panel</source>
        <translation>Next &amp;pane</translation>
    </message>
    <message>
        <source>Öppna bredvid</source>
        <translation>Open alongside</translation>
    </message>
    <message>
        <source>Öppna valt dokument br&amp;edvid</source>
        <translation>Open selected document b&amp;eside</translation>
    </message>
</context>
<context>
    <name>RecoveryPassphraseDialog</name>
    <message>
        <source>&amp;Spara</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Det nya lösenordet ersätter det du valde förut.</source>
        <translation>The new passphrase replaces the one you chose before.</translation>
    </message>
    <message>
        <source>Lösenord för återställning</source>
        <translation>Recovery passphrase</translation>
    </message>
    <message>
        <source>Lösenordet sparas…</source>
        <translation>Saving the passphrase…</translation>
    </message>
    <message>
        <source>Om nyckelringen försvinner, till exempel vid en ny dator, låser lösenordet upp dina anteckningar. Förvara det säkert: utan nyckelringen och utan lösenordet går anteckningarna inte att läsa.</source>
        <translation>If the keyring is lost, on a new computer for example, the passphrase unlocks your notes. Keep it safe: without the keyring and without the passphrase the notes cannot be read.</translation>
    </message>
</context>
<context>
    <name>RemovedDialog</name>
    <message>
        <source>Anteckning: {0}</source>
        <translation>Note: {0}</translation>
    </message>
    <message>
        <source>Anteckningar på borttagna handlingar</source>
        <translation>Notes on removed documents</translation>
    </message>
    <message>
        <source>Borttagna handlingar och dina anteckningar</source>
        <translation>Removed documents and your notes</translation>
    </message>
    <message>
        <source>Dokumentsystemet har tagit bort de här handlingarna, sammanträdena eller ärendena, eller så har du inte längre rätt till dem. Det du skrev om dem finns kvar här tills du tar bort det.</source>
        <translation>The document system has removed these documents, meetings or items, or you no longer have access to them. What you wrote about them stays here until you remove it.</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Handlingen finns inte längre på datorn.</source>
        <translation>The document is no longer on this computer.</translation>
    </message>
    <message>
        <source>Inget av det du skrivit hör till något borttaget.</source>
        <translation>Nothing you wrote belongs to anything removed.</translation>
    </message>
    <message>
        <source>Sammanträde</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>Ta bort det du skrivit om ”{0}”? Det går inte att ångra.</source>
        <translation>Delete what you wrote about “{0}”? This cannot be undone.</translation>
    </message>
    <message>
        <source>Ta bort mina anteckningar</source>
        <translation>Delete my notes</translation>
    </message>
    <message>
        <source>Visa senaste versionen</source>
        <translation>Show the latest version</translation>
    </message>
    <message>
        <source>s. {0}</source>
        <translation>p. {0}</translation>
    </message>
    <message>
        <source>{0}: {1} (borttagen {2})</source>
        <translation>{0}: {1} (removed {2})</translation>
    </message>
    <message>
        <source>Ärende</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Ärende (alla nämnder)</source>
        <translation>Item (all committees)</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>&amp;Anteckningar på borttagna handlingar…</source>
        <translation>&amp;Notes on removed documents…</translation>
    </message>
    <message>
        <source>Borttagen på servern</source>
        <translation>Removed on the server</translation>
    </message>
    <message>
        <source>Borttagen på servern ({0})</source>
        <translation>Removed on the server ({0})</translation>
    </message>
    <message>
        <source>Borttaget från datorn</source>
        <translation>Removed from this computer</translation>
    </message>
    <message>
        <source>Borttaget från datorn och varför</source>
        <translation>Removed from this computer, and why</translation>
    </message>
    <message>
        <source>Det du skrivit</source>
        <translation>What you wrote</translation>
    </message>
    <message>
        <source>Det här har tagits bort från datorn: gamla handlingar enligt gallringsinställningarna, och handlingar du inte längre har rätt till. Det som finns kvar i dokumentsystemet hämtas igen när du öppnar det.</source>
        <translation>This has been removed from this computer: old documents, as the retention settings say, and documents you no longer have access to. What is still in the document system is fetched again when you open it.</translation>
    </message>
    <message>
        <source>Ditt uppdrag i {0} har upphört</source>
        <translation>Your assignment in {0} has ended</translation>
    </message>
    <message>
        <source>Exporterat till {0}</source>
        <translation>Exported to {0}</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Inget har tagits bort från datorn de senaste {0} dagarna.</source>
        <translation>Nothing has been removed from this computer in the last {0} days.</translation>
    </message>
    <message>
        <source>Kunde inte exporteras – sparat i programmet</source>
        <translation>Could not be exported – kept in the program</translation>
    </message>
    <message>
        <source>Mötet är äldre än {0} månader</source>
        <translation>The meeting is older than {0} months</translation>
    </message>
    <message>
        <source>Sammanträde</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>Sekretessmarkerad handling, {0} dagar efter mötet</source>
        <translation>Confidential document, {0} days after the meeting</translation>
    </message>
    <message>
        <source>Servern nekar åtkomst</source>
        <translation>The server refuses access</translation>
    </message>
    <message>
        <source>Servern nekar åtkomst ({0})</source>
        <translation>The server refuses access ({0})</translation>
    </message>
    <message>
        <source>Sparat i programmet</source>
        <translation>Kept in the program</translation>
    </message>
    <message>
        <source>Varför</source>
        <translation>Why</translation>
    </message>
    <message numerus="yes">
        <source>{0} – %n borttagna</source>
        <translation>
            <numerusform>{0} – %n removed</numerusform>
            <numerusform>{0} – %n removed</numerusform>
        </translation>
    </message>
    <message>
        <source>Ärende</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Ärende (alla nämnder)</source>
        <translation>Case (all committees)</translation>
    </message>
    <message>
        <source>Öppna &amp;exportmappen</source>
        <translation>Open the &amp;export folder</translation>
    </message>
</context>
<context>
    <name>ReviewBar</name>
    <message numerus="yes">
        <source>%n anteckning(ar) behöver granskas efter den nya versionen</source>
        <translation>
            <numerusform>%n annotation needs review after the new version</numerusform>
            <numerusform>%n annotations need review after the new version</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n anteckning(ar) flyttades till ny plats</source>
        <translation>
            <numerusform>%n annotation was moved to a new place</numerusform>
            <numerusform>%n annotations were moved to a new place</numerusform>
        </translation>
    </message>
    <message>
        <source>Anteckningar efter ny version</source>
        <translation>Annotations after a new version</translation>
    </message>
    <message>
        <source>Anteckningen sitter rätt; ta bort den ur listan</source>
        <translation>The annotation is in the right place; take it off the list</translation>
    </message>
    <message>
        <source>Behöver granskas, s. {0} i den tidigare versionen</source>
        <translation>Needs review, p. {0} in the earlier version</translation>
    </message>
    <message>
        <source>Dölj</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Flyttad från s. {0} till s. {1}</source>
        <translation>Moved from p. {0} to p. {1}</translation>
    </message>
    <message>
        <source>Flyttad på s. {0}</source>
        <translation>Moved within p. {0}</translation>
    </message>
    <message>
        <source>Flyttade anteckningar och sådana som behöver granskas</source>
        <translation>Moved annotations and those that need review</translation>
    </message>
    <message>
        <source>Godkänn</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Markera texten i den nya versionen där anteckningen hör hemma</source>
        <translation>Select the text in the new version where the annotation belongs</translation>
    </message>
    <message>
        <source>Placera på markerad text</source>
        <translation>Place on selected text</translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Visa</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Visa anteckningarna som påverkats</source>
        <translation>Show the affected annotations</translation>
    </message>
    <message>
        <source>Visa i tidigare versionen</source>
        <translation>Show in the earlier version</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <source>&amp;Sök i alla handlingar</source>
        <translation>&amp;Search all documents</translation>
    </message>
    <message>
        <source>Sök i alla handlingar</source>
        <translation>Search all documents</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <source>%n dokument har inte lästs in för sökning ännu.</source>
        <translation>
            <numerusform>%n document has not been indexed for search yet.</numerusform>
            <numerusform>%n documents have not been indexed for search yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dokument kunde inte läsas och kan inte sökas.</source>
        <translation>
            <numerusform>%n document could not be read and cannot be searched.</numerusform>
            <numerusform>%n documents could not be read and cannot be searched.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sida i 1 dokument saknar text och kan inte sökas.</source>
        <translation>
            <numerusform>%n page in 1 document has no text and cannot be searched.</numerusform>
            <numerusform>%n pages in 1 document have no text and cannot be searched.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sidor i {0} dokument saknar text och kan inte sökas.</source>
        <translation>
            <numerusform>%n page in {0} document(s) has no text and cannot be searched.</numerusform>
            <numerusform>%n pages in {0} document(s) have no text and cannot be searched.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n träff</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n träffar</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
    <message>
        <source>Alla nämnder</source>
        <translation>All committees</translation>
    </message>
    <message>
        <source>Antal träffar</source>
        <translation>Number of matches</translation>
    </message>
    <message>
        <source>Anteckning: {0}</source>
        <translation>Note: {0}</translation>
    </message>
    <message numerus="yes">
        <source>De {0} bästa av %n träffar</source>
        <translation>
            <numerusform>The best {0} of %n match</numerusform>
            <numerusform>The best {0} of %n matches</numerusform>
        </translation>
    </message>
    <message>
        <source>Det som inte kan sökas</source>
        <translation>What cannot be searched</translation>
    </message>
    <message>
        <source>Från</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Från datum</source>
        <translation>From date</translation>
    </message>
    <message>
        <source>Inga träffar</source>
        <translation>No matches</translation>
    </message>
    <message>
        <source>Kommentar i {0}</source>
        <translation>Comment in {0}</translation>
    </message>
    <message>
        <source>Nämnd</source>
        <translation>Committee</translation>
    </message>
    <message>
        <source>Sök i alla handlingar</source>
        <translation>Search all documents</translation>
    </message>
    <message>
        <source>Sök i handlingar, anteckningar och kommentarer</source>
        <translation>Search documents, notes and comments</translation>
    </message>
    <message>
        <source>Sökningen misslyckades</source>
        <translation>The search failed</translation>
    </message>
    <message>
        <source>Sökträffar</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Till datum</source>
        <translation>To date</translation>
    </message>
    <message>
        <source>s. {0}</source>
        <translation>p. {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source> dagar efter mötet</source>
        <translation> days after the meeting</translation>
    </message>
    <message>
        <source> månader efter mötet</source>
        <translation> months after the meeting</translation>
    </message>
    <message>
        <source>&amp;Byt kod…</source>
        <translation>Chan&amp;ge code…</translation>
    </message>
    <message>
        <source>&amp;Hög kontrast</source>
        <translation>&amp;High contrast</translation>
    </message>
    <message>
        <source>&amp;Kod (minst {0} tecken)</source>
        <translation>&amp;Code (at least {0} characters)</translation>
    </message>
    <message>
        <source>&amp;Lås programmet efter</source>
        <translation>Loc&amp;k the program after</translation>
    </message>
    <message>
        <source>&amp;Språk / Language</source>
        <translation>&amp;Language / Språk</translation>
    </message>
    <message>
        <source>&amp;Textstorlek</source>
        <translation>&amp;Text size</translation>
    </message>
    <message>
        <source>&amp;Upprepa koden</source>
        <translation>&amp;Repeat the code</translation>
    </message>
    <message>
        <source>&amp;Välj mapp…</source>
        <translation>C&amp;hoose folder…</translation>
    </message>
    <message>
        <source>Aldrig</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>Av</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Behålls i programmet</source>
        <translation>Kept in the program</translation>
    </message>
    <message>
        <source>Dagar efter mötet innan sekretessmarkerade handlingar tas bort</source>
        <translation>Days after the meeting before confidential documents are removed</translation>
    </message>
    <message>
        <source>De två koderna är inte lika.</source>
        <translation>The two codes are not the same.</translation>
    </message>
    <message>
        <source>Det du &amp;skrivit på dem</source>
        <translation>What you &amp;wrote on them</translation>
    </message>
    <message>
        <source>Det du skrivit på borttagna handlingar</source>
        <translation>What you wrote on removed documents</translation>
    </message>
    <message>
        <source>Exporteras till en mapp och tas sedan bort</source>
        <translation>Exported to a folder, then removed</translation>
    </message>
    <message>
        <source>Exportmapp</source>
        <translation>Export folder</translation>
    </message>
    <message>
        <source>Följ systemet (nu {0})</source>
        <translation>Follow the system (now {0})</translation>
    </message>
    <message>
        <source>Följ systemet ({0})</source>
        <translation>Follow the system ({0})</translation>
    </message>
    <message>
        <source>Gallring</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>Handlingar du valt att behålla offline tas inte bort, utom sekretessmarkerade. Det som tagits bort finns kvar i dokumentsystemet och hämtas igen när du öppnar det. Handlingar du inte längre har rätt till tas bort vid nästa synkronisering.</source>
        <translation>Documents you chose to keep offline are not removed, except confidential ones. What has been removed is still in the document system and is fetched again when you open it. Documents you no longer have access to are removed at the next sync.</translation>
    </message>
    <message>
        <source>Hög kontrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>Ingen mapp vald</source>
        <translation>No folder chosen</translation>
    </message>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Koden måste ha minst {0} tecken.</source>
        <translation>The code must have at least {0} characters.</translation>
    </message>
    <message>
        <source>Koden skyddar skärmen när du lämnar datorn; filerna på disken är krypterade ändå. Utan koden går programmet inte att öppna; den enda vägen in är då att ta bort datamappen, och med den dina anteckningar.</source>
        <translation>The code protects the screen while you are away from the computer; the files on the disk are encrypted anyway. Without the code the program cannot be opened; the only way in is then to delete the data folder, and your notes with it.</translation>
    </message>
    <message>
        <source>Mapp för exporterade anteckningar</source>
        <translation>Folder for exported notes</translation>
    </message>
    <message>
        <source>Minuter utan aktivitet innan programmet låses</source>
        <translation>Minutes without activity before the program locks</translation>
    </message>
    <message>
        <source>Månader efter mötet innan övriga handlingar tas bort</source>
        <translation>Months after the meeting before other documents are removed</translation>
    </message>
    <message>
        <source>Ny kod</source>
        <translation>New code</translation>
    </message>
    <message>
        <source>Ny kod igen</source>
        <translation>New code again</translation>
    </message>
    <message>
        <source>På: vit text på svart</source>
        <translation>On: white text on black</translation>
    </message>
    <message>
        <source>S&amp;ekretessmarkerade handlingar tas bort</source>
        <translation>Confid&amp;ential documents are removed</translation>
    </message>
    <message>
        <source>Som i systemet</source>
        <translation>As set in the system</translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Språket byts nästa gång du startar {0}.</source>
        <translation>The language changes the next time you start {0}.</translation>
    </message>
    <message>
        <source>Textstorlek</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>Välj en mapp att exportera det du skrivit till.</source>
        <translation>Choose a folder to export what you wrote to.</translation>
    </message>
    <message>
        <source>av</source>
        <translation>off</translation>
    </message>
    <message>
        <source>minuters inaktivitet</source>
        <translation>minutes of inactivity</translation>
    </message>
    <message>
        <source>på</source>
        <translation>on</translation>
    </message>
    <message>
        <source>{0} % större</source>
        <translation>{0}% larger</translation>
    </message>
    <message>
        <source>Ö&amp;vriga handlingar tas bort</source>
        <translation>&amp;Other documents are removed</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Innehåll</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>Sidopanel</source>
        <translation>Sidebar</translation>
    </message>
    <message>
        <source>Sidor</source>
        <translation>Pages</translation>
    </message>
</context>
<context>
    <name>SourcesDialog</name>
    <message>
        <source>Adress (OParl)</source>
        <translation>Address (OParl)</translation>
    </message>
    <message>
        <source>Ange dokumentsystemets adress.</source>
        <translation>Enter the address of the document system.</translation>
    </message>
    <message>
        <source>Användarnamn</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Användarnamn och lösenord</source>
        <translation>User name and password</translation>
    </message>
    <message>
        <source>Certifikat (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Datorn har ingen säker nyckelring ({0}). Lösenord och token kan därför inte sparas; dokumentsystem utan inloggning fungerar som vanligt.</source>
        <translation>This computer has no secure keyring ({0}), so passwords and tokens cannot be saved; document systems without sign-in work as usual.</translation>
    </message>
    <message>
        <source>Dokumentsystem</source>
        <translation>Document systems</translation>
    </message>
    <message>
        <source>Extra CA-certifikat</source>
        <translation>Additional CA certificate</translation>
    </message>
    <message>
        <source>Ingen inloggning</source>
        <translation>No sign-in</translation>
    </message>
    <message>
        <source>Inloggning</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <source>Inte sparat: {0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <source>Lösenord eller token</source>
        <translation>Password or token</translation>
    </message>
    <message>
        <source>Lösenord och token sparas i datorns nyckelring ({0}), aldrig i en fil.</source>
        <translation>Passwords and tokens are kept in the computer&apos;s keyring ({0}), never in a file.</translation>
    </message>
    <message>
        <source>Namn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nytt dokumentsystem</source>
        <translation>New document system</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Sparar…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Sparat.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Ta bort dokumentsystem</source>
        <translation>Remove document system</translation>
    </message>
    <message>
        <source>Ta bort ”{0}”? Sammanträden och handlingar därifrån försvinner från listan. Dina egna anteckningar påverkas inte.</source>
        <translation>Remove “{0}”? Its meetings and documents disappear from the list. Your own notes are not affected.</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Välj CA-certifikat</source>
        <translation>Choose a CA certificate</translation>
    </message>
    <message>
        <source>Välj…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>oförändrat</source>
        <translation>unchanged</translation>
    </message>
</context>
<context>
    <name>TextView</name>
    <message>
        <source>Dokumentets text</source>
        <translation>Document text</translation>
    </message>
    <message>
        <source>Hämtar texten…</source>
        <translation>Loading the text…</translation>
    </message>
    <message>
        <source>Ingen text på sidan.</source>
        <translation>No text on this page.</translation>
    </message>
    <message>
        <source>Sida {0}</source>
        <translation>Page {0}</translation>
    </message>
</context>
<context>
    <name>ThumbnailList</name>
    <message>
        <source>Sida {0}</source>
        <translation>Page {0}</translation>
    </message>
    <message>
        <source>Sidminiatyrer</source>
        <translation>Page thumbnails</translation>
    </message>
</context>
<context>
    <name>WritingPanes</name>
    <message numerus="yes">
        <source>%n handling(ar) med dina anteckningar har tagits bort i dokumentsystemet; anteckningarna finns kvar under Anteckningar → Anteckningar på borttagna handlingar.</source>
        <translation>
            <numerusform>%n document with your notes has been removed from the document system; your notes remain under Notes → Notes on removed documents.</numerusform>
            <numerusform>%n documents with your notes have been removed from the document system; your notes remain under Notes → Notes on removed documents.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Skriv ut mina anteckningar…</source>
        <translation>&amp;Print my notes…</translation>
    </message>
    <message>
        <source>Anteckningar</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Anteckningar på &amp;borttagna handlingar…</source>
        <translation>Notes on &amp;removed documents…</translation>
    </message>
    <message>
        <source>Det du senast skrev har inte kunnat sparas (är disken full?). Stänger du nu går det förlorat. Frigör utrymme och försök igen, eller stäng ändå.</source>
        <translation>What you last wrote could not be saved (is the disk full?). If you close now it will be lost. Free some space and try again, or close anyway.</translation>
    </message>
    <message>
        <source>Det du skriver kan inte sparas just nu ({0}). Det sparas så snart det går; stäng inte programmet.</source>
        <translation>What you write cannot be saved right now ({0}). It will be saved as soon as possible; do not close the program.</translation>
    </message>
    <message>
        <source>Exportera &amp;dokumentet med anteckningar…</source>
        <translation>Export the &amp;document with annotations…</translation>
    </message>
    <message>
        <source>Exportera mina anteckningar som &amp;Markdown…</source>
        <translation>Export my notes as &amp;Markdown…</translation>
    </message>
    <message>
        <source>Exportera mina anteckningar som &amp;PDF…</source>
        <translation>Export my notes as PD&amp;F…</translation>
    </message>
    <message>
        <source>Inte sparat</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>Mina anteckningar</source>
        <translation>My notes</translation>
    </message>
</context>
<context>
    <name>describe_changes</name>
    <message>
        <source>borttaget sammanträde</source>
        <translation>removed meeting</translation>
    </message>
    <message>
        <source>borttagna sammanträden</source>
        <translation>removed meetings</translation>
    </message>
    <message>
        <source>extra ärende</source>
        <translation>late item</translation>
    </message>
    <message>
        <source>extra ärenden</source>
        <translation>late items</translation>
    </message>
    <message>
        <source>inställda sammanträden</source>
        <translation>cancelled meetings</translation>
    </message>
    <message>
        <source>inställt sammanträde</source>
        <translation>cancelled meeting</translation>
    </message>
    <message>
        <source>ny handling</source>
        <translation>new document</translation>
    </message>
    <message>
        <source>ny kallelse</source>
        <translation>new notice of meeting</translation>
    </message>
    <message>
        <source>nya handlingar</source>
        <translation>new documents</translation>
    </message>
    <message>
        <source>nya kallelser</source>
        <translation>new notices of meeting</translation>
    </message>
    <message>
        <source>nya sammanträden</source>
        <translation>new meetings</translation>
    </message>
    <message>
        <source>nytt sammanträde</source>
        <translation>new meeting</translation>
    </message>
    <message>
        <source>ändrad handling</source>
        <translation>changed document</translation>
    </message>
    <message>
        <source>ändrade handlingar</source>
        <translation>changed documents</translation>
    </message>
</context>
<context>
    <name>run_gui</name>
    <message>
        <source>Datamappen {0} kan inte öppnas.

{1}</source>
        <translation>The data folder {0} cannot be opened.

{1}</translation>
    </message>
    <message>
        <source>Mötespärm är redan igång med datamappen {0}.

Ett andra fönster på samma data skulle kunna skada den. Byt till det fönster som redan är öppet (eller vänta tills en synkronisering från kommandoraden är klar).</source>
        <translation>Mötespärm is already running with the data folder {0}.

A second window on the same data could damage it. Switch to the window that is already open (or wait until a sync from the command line has finished).</translation>
    </message>
</context>
</TS>
