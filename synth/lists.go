package synth

import "strings"

// The name, street and city lists are constants (split into tables by
// newTables) so that the package holds no mutable state. Lists are ordered
// roughly from common to rare: draws use a Zipf-like skew over the position.

const germanMale = `Thomas Michael Andreas Stefan Peter Christian Frank Markus Wolfgang Klaus
Jürgen Martin Uwe Bernd Sebastian Alexander Matthias Tobias Florian Daniel Dirk Jan Ralf Jörg
Torsten Sven Holger Hans Dieter Günter Karl Heinz Helmut Manfred Werner Gerhard Horst Rainer
Johannes Lukas Maximilian Felix Jonas Leon Paul Luca Finn Niklas Tim Philipp Moritz Simon
David Julian Fabian Dominik Marcel Patrick Kevin Dennis Benjamin Oliver Carsten Heiko Kai
Lars Nils Björn Timo Marco Mario Robert Richard Joachim Bernhard Friedrich Heinrich Josef Franz
Georg Ludwig Otto Walter Wilhelm Herbert Rudolf Kurt Erich Ernst Fritz Günther Siegfried
Ulrich Volker Reinhard Norbert Lothar Harald Detlef Axel Achim Jens Olaf Rüdiger Gregor
Konstantin Vincent Elias Noah Ben Emil Anton Theo Jakob Valentin Benedikt Korbinian Nikolaus
Gottfried Eberhard Hans-Peter Karl-Heinz Hans-Jürgen Jean-Luc René André Mehmet Ali Mustafa
Ahmet Emre Can Murat Ivan Nikola Dragan Marko Luka Tomasz Piotr Krzysztof Matteo Giuseppe
Alessandro Lorenzo Pierre François Cédric Jérôme Sören Ole Hauke Malte Henning Arne Knut`

const germanFemale = `Sabine Susanne Petra Claudia Andrea Nicole Stefanie Julia Katharina Anna
Maria Ursula Monika Elisabeth Renate Karin Brigitte Ingrid Helga Gisela Christine Christina
Martina Birgit Heike Silke Anja Tanja Sandra Melanie Kerstin Simone Manuela Daniela Gabriele
Barbara Angelika Cornelia Jutta Doris Bettina Marion Sonja Yvonne Nadine Jessica Jennifer
Sarah Laura Lisa Lena Lea Hannah Sophie Sophia Emma Mia Marie Leonie Johanna Lara Lina Clara
Charlotte Luisa Amelie Emilia Ella Paula Greta Frieda Mila Ida Magdalena Theresa Franziska
Veronika Carolin Caroline Katrin Kathrin Miriam Vanessa Annika Jana Svenja Tamara Vera Eva
Inge Hildegard Gertrud Erika Margarete Irmgard Waltraud Rosemarie Annemarie Hannelore Ilse
Edith Elfriede Luise Helene Mathilde Agnes Irene Dagmar Beate Anke Antje Britta Elke Wiebke
Ayşe Fatma Zeynep Elif Emine Merve Jelena Ana Ivana Marija Agnieszka Katarzyna Giulia
Francesca Chiara Hélène Zoë Chloé Léa Renée Mirjam Noëlle Bärbel Jördis Birte Frauke`

const englishMale = `James John Robert Michael William David Richard Joseph Thomas Charles
Christopher Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian
George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen
Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack
Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter Kyle Ethan Walter Noah
Jeremy Christian Keith Roger Terry Gerald Harold Sean Austin Carl Arthur Lawrence Dylan
Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan Albert Willie Alan Juan Wayne Elijah Randy
Roy Vincent Ralph Eugene Russell Bobby Mason Philip Louis Oliver Harry Charlie Alfie Freddie
Archie Theo Oscar Leo Alfred Frederick Hugh Rupert Nigel Graham Colin Ian Malcolm Neil Stuart
Barry Trevor Clive Derek Callum Rhys Owen Gareth Dafydd Declan Liam Connor Niall Seamus
Padraig Eoin Cormac Ewan Angus Hamish Fraser Alistair Lachlan Rory Rohan Arjun Ravi`

const englishFemale = `Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen
Lisa Nancy Betty Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy
Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna
Brenda Pamela Emma Nicole Helen Samantha Katherine Christine Debra Rachel Carolyn Janet
Catherine Maria Heather Diane Ruth Julie Olivia Joyce Virginia Victoria Kelly Lauren
Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Gloria Teresa
Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Grace Denise Amber
Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie
Kayla Alexis Lori Amelia Isla Ava Mia Poppy Ella Lily Freya Florence Imogen Harriet Beatrice
Matilda Phoebe Eleanor Gwendolyn Siobhan Aoife Niamh Saoirse Roisin Caitlin Fiona Morag
Eilidh Kirsty Shona Bethan Ffion Cerys Priya Aisha Zara Chloe Zoe Jasmine Naomi Esther`

// Surnames, common first. O'Brien-style apostrophes and particles are kept.
const germanSurnames = `Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann
Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann
Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann
König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel
Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster
Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß
Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn
Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Strauß Gruber Pichler Moser Steiner
Hofer Leitner Berger Egger Wimmer Lechner Eder Brunner Reiter Auer Aigner Wallner Fuchs Mair
Gasser Meier Keller Bühler Brunner Baumgartner Frei Zürcher Ammann Gerber Widmer Wyss Graf
Sutter Hug Kälin Blaser Tschudi Imhof Bächtold Stöckli Nägeli Hänni Küng Schläpfer Lüthi
Yılmaz Kaya Demir Şahin Çelik Öztürk Aydın Kowalski Nowak Wiśniewski Novak Horvat Jovanović
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Dubois Lefèvre Garnier Fontaine
Mercier Girard Bonnet Nguyen von_Bergen von_Arnim von_der_Heide van_der_Berg de_Vries Dąbrowski
Möbius Weißenborn Großmann Nußbaum Stoß Süßmuth Käßmann Prüß Jäckel Gößling Öhler Übele`

const englishSurnames = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson
Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke
Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison
Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell
Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall
Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason
Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur
Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks
West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth
Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter
Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding
Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates
Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren
Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper
Coleman Watkins Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne
Johnston Gordon Doyle Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert
Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber
Nelson Slater Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch
Goodwin Barton Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood
Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman Middleton
Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas Dickinson Todd
Barlow Peacock Walsh Hanson O'Sullivan MacLeod McKenzie D'Souza Fitzgerald MacDonald
Rodriguez Garcia Martinez Hernandez Lopez Gonzalez Wilson Perez Sanchez Ramirez Torres Flores
Rivera Gomez Diaz Cruz Morales Reyes Gutierrez Ortiz Chavez Ramos Kim Chen Wang Li Zhang Liu`

// Surname parts: combined into rarer surnames (prefix+suffix).
const germanPrefixes = `Ach Alt Am Bach Baum Berg Birk Blum Brand Breit Brück Busch Dorf Eich
Eisen Engel Fels Fried Fuhr Gold Grün Hag Hart Hasel Heil Hein Hirsch Hoch Hof Holz Kirch
Klein Kling Kohl Kramer Kreuz Lang Lind Loh Mark Mittel Neu Ober Ost Pfeif Rein Ried Rosen
Roth Sand Schön Schwarz Sieg Sonn Stein Stern Tann Thal Unter Wald Wasser Weid Weiß Wester
Wiesen Wild Wind Wolf Zell`

const germanSuffixes = `mann berger huber bauer meier müller hofer lechner maier egger moser
rieder brunner stetter hausen dorf feld bach mayr wieser leitner thaler gruber ner ler ke er`

const englishPrefixes = `Ash Black Brad Bright Brook Cald Cart Chad Church Cliff Cole Cran Dal
Dun Fair Fern Ford Glad Gold Green Hal Hart Hay Haw Hol Kings Lang Lit Mar Mid Mor New North
Oak Pem Rad Red Rich Ross Rut Sal Shel South Stan Stock Stone Sum Thorn Wal West Whit Wood
Wor York`

const englishSuffixes = `ford ley ton well wood worth field by ham more land son ridge stead
wick bury combe den shaw win`

// Given-name nicknames: "Formal:nick,nick;..." (used for duplicates).
const nicknames = `Robert:Bob,Rob,Bobby;William:Bill,Will,Billy;Richard:Rick,Rich,Dick;
James:Jim,Jimmy,Jamie;John:Jack,Johnny;Michael:Mike,Mick,Michi;Thomas:Tom,Tommy;
Christopher:Chris,Kit;Elizabeth:Liz,Beth,Betty,Lizzie;Margaret:Maggie,Peggy,Meg;
Katherine:Kate,Kathy,Katie;Catherine:Cathy,Kate;Jennifer:Jen,Jenny;Patricia:Pat,Patty,Trish;
Daniel:Dan,Danny;Matthew:Matt;Anthony:Tony;Joseph:Joe,Joey;Edward:Ed,Ted,Eddie;
Alexander:Alex,Sandy,Sascha;Benjamin:Ben;Samuel:Sam;Andrew:Andy,Drew;Nicholas:Nick;
Jonathan:Jon;Timothy:Tim;Steven:Steve;Stephen:Steve;Charles:Charlie,Chuck;Susan:Sue,Susie;
Deborah:Debbie,Deb;Rebecca:Becky;Victoria:Vicky,Tori;Samantha:Sam;Jessica:Jess;
Christine:Chris,Tina;Frederick:Fred,Freddie;Harold:Harry;Lawrence:Larry;Gerald:Gerry;
Peter:Pete;David:Dave;Kenneth:Ken,Kenny;Ronald:Ron;Donald:Don;Gregory:Greg;Jeffrey:Jeff;
Philip:Phil;Abigail:Abby;Pamela:Pam;Kimberly:Kim;Dorothy:Dot,Dottie;Eleanor:Ellie,Nell;
Johannes:Hans,Johann,Jo;Friedrich:Fritz;Josef:Sepp,Joschi;Franziska:Franzi;
Katharina:Kathi,Katja;Elisabeth:Lisa,Sissi,Elli,Liesl;Christian:Chris;Maximilian:Max;
Matthias:Matze;Stefanie:Steffi;Susanne:Susi;Andreas:Andi;Sebastian:Basti;Gabriele:Gabi;
Margarete:Grete,Gretel;Barbara:Babsi,Barbie;Christina:Tina;Martina:Tina;Bernhard:Bernd;
Heinrich:Heinz,Heiner;Magdalena:Leni,Lena;Theresa:Resi;Ulrich:Uli;Benedikt:Bene;
Florian:Flo;Tobias:Tobi;Nikolaus:Klaus,Niko;Joachim:Achim;Manfred:Manni;Cornelia:Conny;
Daniela:Dani;Wolfgang:Wolf;Gottfried:Friedl;Hans-Peter:Hansi;Karl-Heinz:Kalle;
Annemarie:Anne;Valentin:Vali;Korbinian:Korbi;Hannelore:Hanne;Rosemarie:Rosi`

// Street name stems; German ones take a suffix like "straße", English ones
// a word like "Street".
const germanStreets = `Haupt Bahnhof Schul Garten Dorf Berg Kirch Wald Ring Linden Birken
Eichen Goethe Schiller Mozart Beethoven Friedrich Wilhelm Luisen Marien Rosen Tulpen Feld
Wiesen Mühlen Brunnen Markt Post Park Sonnen Amsel Drossel Finken Lerchen Buchen Ahorn
Kastanien Tannen Fichten Erlen Weiden Bismarck Kaiser König Lessing Heine Uhland Mörike
Herder Kant Humboldt Luther Bach Händel Schubert Brahms Industrie Gewerbe Hafen Burg
Schloss Kloster Alt Neu Ober Unter Mittel Friedhof Jahn Kolping Raiffeisen Bergmann Gärtner`

const germanStreetSuffixes = `straße straße straße straße weg weg gasse allee platz ring steig`

const englishStreets = `High Church Station Park Victoria Main Oak Maple Elm Pine Cedar
Washington Lincoln Jefferson Madison Franklin Chestnut Walnut Mill Bridge Green London
Manor Queen King Albert Alexandra Grange Springfield Highfield Kingsway Windsor York
Mount Pleasant Meadow Orchard Willow Birch Beech Ash Hawthorn Holly Cherry Forest Lake
River Hill Sunset Broad Market North South West East New School Castle Abbey Priory
Chapel Cross Farm Field Heath`

const englishStreetSuffixes = `Street Street Street Road Road Lane Avenue Drive Close Way Crescent Place`

// Cities per country: "City:postcode prefix(es):area code[:state]" with "|"
// between cities. UK prefixes are outward codes.
const citiesDE = `Berlin:10,12,13,14:30|Hamburg:20,21,22:40|München:80,81:89|Köln:50,51:221|
Frankfurt am Main:60:69|Stuttgart:70:711|Düsseldorf:40:211|Leipzig:04:341|Dortmund:44:231|
Essen:45:201|Bremen:28:421|Dresden:01:351|Hannover:30:511|Nürnberg:90:911|Duisburg:47:203|
Bochum:447:234|Wuppertal:42:202|Bielefeld:336:521|Bonn:531:228|Münster:481:251|
Karlsruhe:761:721|Mannheim:681:621|Augsburg:861:821|Wiesbaden:651:611|Mönchengladbach:41:2161|
Gelsenkirchen:458:209|Braunschweig:381:531|Kiel:241:431|Chemnitz:091:371|Aachen:520:241|
Halle (Saale):061:345|Magdeburg:391:391|Freiburg im Breisgau:791:761|Krefeld:478:2151|
Lübeck:235:451|Oberhausen:460:208|Erfurt:990:361|Mainz:551:6131|Rostock:180:381|Kassel:341:561|
Würzburg:970:931|Regensburg:930:941|Göttingen:370:551|Ingolstadt:850:841|Ulm:890:731|
Heidelberg:691:6221|Darmstadt:642:6151|Paderborn:330:5251|Bamberg:960:951|Görlitz:028:3581`

const citiesAT = `Wien:10,11,12:1|Graz:80:316|Linz:40:732|Salzburg:50:662|Innsbruck:60:512|
Klagenfurt:90:463|Villach:95:4242|Wels:46:7242|St. Pölten:31:2742|Dornbirn:68:5572|
Steyr:44:7252|Wiener Neustadt:27:2622|Feldkirch:68:5522|Bregenz:69:5574|Leoben:87:3842`

const citiesCH = `Zürich:80:44|Genève:12:22|Basel:40:61|Lausanne:10:21|Bern:30:31|
Winterthur:84:52|Luzern:60:41|St. Gallen:90:71|Lugano:69:91|Biel/Bienne:25:32|Thun:36:33|
Köniz:30:31|La Chaux-de-Fonds:23:32|Fribourg:17:26|Schaffhausen:82:52|Chur:70:81|Zug:63:41`

const citiesUK = `London:SW1A,SW3,SW11,NW1,NW3,N1,N16,E1,E14,SE1,SE15,W2,W11,EC1A,WC2H:20|
Manchester:M1,M4,M14,M20:161|Birmingham:B1,B5,B15,B29:121|Leeds:LS1,LS6,LS17:113|
Glasgow:G1,G3,G12:141|Edinburgh:EH1,EH3,EH10:131|Liverpool:L1,L8,L17:151|Bristol:BS1,BS6,BS8:117|
Sheffield:S1,S10,S11:114|Cardiff:CF10,CF11,CF24:29|Belfast:BT1,BT7,BT9:28|Newcastle upon Tyne:NE1,NE2:191|
Nottingham:NG1,NG7:115|Leicester:LE1,LE2:116|Brighton:BN1,BN2:1273|Oxford:OX1,OX2,OX4:1865|
Cambridge:CB1,CB2,CB4:1223|York:YO1,YO10:1904|Aberdeen:AB10,AB15:1224|Southampton:SO14,SO15:23`

const citiesUS = `New York:100,101,102:212:NY|Los Angeles:900:213:CA|Chicago:606:312:IL|
Houston:770:713:TX|Phoenix:850:602:AZ|Philadelphia:191:215:PA|San Antonio:782:210:TX|
San Diego:921:619:CA|Dallas:752:214:TX|Austin:787:512:TX|San Jose:951:408:CA|
Jacksonville:322:904:FL|Columbus:432:614:OH|Charlotte:282:704:NC|Indianapolis:462:317:IN|
San Francisco:941:415:CA|Seattle:981:206:WA|Denver:802:303:CO|Boston:021:617:MA|
Nashville:372:615:TN|Portland:972:503:OR|Las Vegas:891:702:NV|Detroit:482:313:MI|
Baltimore:212:410:MD|Milwaukee:532:414:WI|Atlanta:303:404:GA|Miami:331:305:FL|
Minneapolis:554:612:MN|New Orleans:701:504:LA|Pittsburgh:152:412:PA|St. Louis:631:314:MO`

// E-mail providers per country group.
const providersDACH = `gmail.com web.de gmx.de gmx.at gmx.ch t-online.de outlook.com yahoo.de
hotmail.com icloud.com bluewin.ch aon.at freenet.de posteo.de mail.de`

const providersEN = `gmail.com yahoo.com outlook.com hotmail.com icloud.com aol.com
hotmail.co.uk yahoo.co.uk btinternet.com sky.com comcast.net verizon.net protonmail.com`

// splitList splits a const list on white space; "_" in an entry stands for
// a space ("von_Bergen"). Repeated entries are dropped, order is kept.
func splitList(s string) []string {
	f := strings.Fields(s)
	seen := make(map[string]bool, len(f))
	out := f[:0]
	for _, w := range f {
		w = strings.ReplaceAll(w, "_", " ")
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
