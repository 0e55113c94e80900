// British names for the demo's people: faker's en_GB locale has no names of its own and falls
// back to American ones. Children get names from recent birth registrations, parents names
// common a generation earlier. Every combination is invented.

const words = (text: string): string[] => text.trim().split(/\s+/);

export const childNames = {
  female: words(`
    Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy
    Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Maya
    Sophie Alice Emilia Isabelle Ruby Luna Maisie Aria Penelope Mila Bonnie Eva Hallie Aisha
    Maryam Zara Hafsa Amira Esme Nancy Ada Zoe Layla Priya Anaya Zuzanna Amara Chloe Erin Orla
    Niamh
  `),
  male: words(`
    Muhammad Noah Oliver Leo Arthur Oscar George Theodore Freddie Theo Archie Luca Henry Alfie
    Finley Jack Charlie Thomas Teddy Jacob Isaac Roman Harry Ezra Tommy Hudson Louie Reggie Albie
    Joshua Elijah Max Harrison Ibrahim Yusuf Ayaan Arlo Rory Jude Reuben Kai Zayn Ethan Mason
    Dylan Samuel Adam Omar Kacper Tobias Jayden Riley Logan Caleb Rowan Elliot Ronnie Otis Hamza
    Kofi
  `),
};

export const adultNames = {
  female: words(`
    Sarah Emma Laura Rebecca Gemma Hannah Amy Jessica Charlotte Sophie Lauren Katie Rachel Stacey
    Danielle Jade Natalie Kirsty Leanne Hayley Chloe Lucy Holly Megan Amber Kayleigh Zoe Nicola
    Claire Vicky Samantha Jennifer Fatima Aisha Ayesha Nadia Priya Sana Amina Shazia Agnieszka
    Joanna Monika Ioana Chiamaka Grace Abimbola Shannon Bethany Jodie Kelly Lisa Sinead Eleanor
    Georgia Ellie Naomi Tasha Roxanne Keeley
  `),
  male: words(`
    James Daniel Matthew Christopher Michael David Thomas Andrew Ryan Jamie Adam Luke Ben Craig
    Lee Mark Liam Jordan Callum Connor Sam Joe Tom Dean Scott Ashley Gareth Stuart Wayne Kyle
    Aaron Jake Nathan Josh Mohammed Imran Tariq Arjun Rajesh Sanjay Kwame Tunde Emeka Piotr
    Tomasz Marius Andrei Darren Carl Jason Neil Paul Richard Simon Kieran Declan Rhys Owen Harvey
    Alex
  `),
};

export const surnames = words(`
  Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
  Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
  Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott
  Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter
  Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson
  Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain
  Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher
  Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard
  Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole
  Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant
  Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe
  Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson
  Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry
  Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton
  Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss
  McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle
  Wallace George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miah
  Nowak Kowalski Okafor Mensah Adeyemi Osei Popescu Mahmood Iqbal Rahman Chowdhury Sharma Kumar
`);
